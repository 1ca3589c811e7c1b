"""A scenario told in sentences, from its resolved configuration (the run file's config_yaml).

The report's reader is a consultant, not the model's author: the sentences name the organisation,
the horizon, how managers lead, the trust regime, mechanisms switched off and scripted events,
and leave every other parameter to the provenance section (the full YAML is there).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

STYLE_WORDS = {
    "humble": "humble, self-reflective managers (they admit mistakes and limits, ask for help, "
              "show trust first and listen to all sides)",
    "infallible": "infallible managers (they never admit error, hide failure and must always "
                  "have the answer)",
}
DIMENSION_WORDS = {
    "self_reflection": "self-reflection", "balanced_perspective": "balanced perspective",
    "self_confidence": "self-confidence", "humility": "humility", "infallibility": "infallibility",
    "trust_first": "showing trust first",
}
#: Defaults (docs/config-reference.md) for a scenario file that leaves keys out; a run file's
#: resolved scenario has every key.
DEFAULTS = {
    "organisation.agents": 2000, "organisation.span_of_control": 7, "organisation.k_lat": 6,
    "steps": 104, "seed": 1, "replicate": 0, "leadership.distribution": "single",
    "leadership.style": "humble",
}
MODULE_WORDS = {
    "exchange": "trust-first exchanges", "help_seeking": "help seeking", "voice": "voice",
    "blessing": "the leader's blessing on co-worker ties", "turnover": "turnover",
}


def weeks_in_words(weeks: int) -> str:
    years = weeks / 52
    if weeks % 52 == 0:
        return f"{weeks} weeks ({years:g} year{'s' if years != 1 else ''})"
    return f"{weeks} weeks (about {years:.1f} years)"


def leadership_in_words(config: Mapping) -> str:
    """How managers lead, e.g. "every manager is humble, ..." or a categorical mix."""
    distribution = config.get("leadership.distribution", "single")
    if distribution == "categorical":
        mix = json.loads(config.get("leadership.mix", "[]"))
        total = sum(float(m.get("weight", 1)) for m in mix) or 1.0
        parts = [f"{100 * float(m.get('weight', 1)) / total:.0f} % {m['style']}" for m in mix]
        text = "each manager's style is drawn from a mix: " + ", ".join(parts)
    elif distribution == "blend":
        text = (f"each manager's style lies at a random point between "
                f"{config.get('leadership.blend_from', 'infallible')} and "
                f"{config.get('leadership.blend_to', 'humble')}")
    else:
        style = str(config.get("leadership.style", "humble"))
        text = "led by " + STYLE_WORDS.get(style, f"managers of the '{style}' style")
    overrides = {k.split(".")[-1]: v for k, v in config.items()
                 if k.startswith("leadership.overrides.")}
    if overrides:
        text += "; for every manager " + ", ".join(
            f"{DIMENSION_WORDS.get(k, k)} is set to {float(v):g}" for k, v in overrides.items())
    return text


def scenario_in_words(config: Mapping, events: Sequence[Mapping] = (), seed: bool = True) -> str:
    """A paragraph describing one scenario, given as {dotted.path: value} (runset.flatten_config);
    keys it lacks take their documented defaults. `seed=False` leaves out the seed and replicate
    (for a group of several runs, which differ in them)."""
    c = {**DEFAULTS, **config}
    agents = int(c.get("organisation.agents", 0))
    sentences = []
    description = str(c.get("description") or "").strip()
    if description:
        sentences.append(description.rstrip(".") + ".")
    structure = (f"span of control {c.get('organisation.span_of_control')}, "
                 f"{c.get('organisation.k_lat')} informal ties drawn per person")
    if c.get("organisation.members") not in (None, "[]"):
        structure = "an organisation chart written out member by member"
    sentences.append(f"An organisation of {agents:,} people ({structure}), simulated week by week "
                     f"for {weeks_in_words(int(c.get('steps', 0)))}, "
                     f"{leadership_in_words(c)}.")
    mode = c.get("trust.mode")
    if mode:
        sentences.append("New working relationships start from "
                         + ("presumed (swift) trust." if mode == "swift"
                            else "each person's general propensity to trust and build slowly."))
    off = [MODULE_WORDS.get(k.split(".")[-1], k.split(".")[-1]) for k, v in c.items()
           if k.startswith("modules.") and v is False and k.split(".")[-1] in MODULE_WORDS]
    if off:
        sentences.append("Switched off for this experiment: " + ", ".join(off) + ".")
    if events:
        sentences.append("Scripted events: " + "; ".join(events_in_words(events)) + ".")
    if seed:
        sentences.append(f"Seed {c.get('seed')}, replicate {c.get('replicate')}.")
    return " ".join(sentences)


def events_in_words(events: Sequence[Mapping]) -> list[str]:
    """One phrase per (week, type, detail), its targets listed together: a new top team of eight
    is one phrase, not eight."""
    grouped: dict[tuple, list[str]] = {}
    for e in events:
        grouped.setdefault((int(e["week"]), str(e["type"]), str(e.get("detail") or "")),
                           []).append(str(e["target"]))
    return [f"week {week}: {kind.replace('_', ' ')} ({', '.join(targets)}"
            + (f"; {detail}" if detail else "") + ")"
            for (week, kind, detail), targets in grouped.items()]


def difference_in_words(configs: Mapping[str, Mapping], factor_names: Sequence[str]) -> str:
    """One sentence naming what the compared groups differ in, with each group's value."""
    if not factor_names:
        return "The runs share one scenario and differ only in their random streams (replicates)."
    parts = []
    for name in factor_names:
        values = ", ".join(f"{group}: {config.get(name)}" for group, config in configs.items())
        parts.append(f"{name} ({values})")
    return "The groups differ in " + "; ".join(parts) + "; everything else is the same."
