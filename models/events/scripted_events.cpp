#include "models/events/scripted_events.hpp"

#include "models/core/phases.hpp"
#include "models/leadership/styles.hpp"
#include "sim/parallel.hpp"

#include <algorithm>
#include <utility>
#include <stdexcept>

namespace trustsim::core {
namespace {

/// Separates the streams of several events in one week (RandomStream blocks per event).
constexpr std::uint32_t blocks_per_event = 4096;

AgentIndex single_agent(const EventTarget& target) {
    return target.kind == EventTarget::Kind::ceo ? 0 : static_cast<AgentIndex>(target.id);
}

AgentIndex leader_of(const Organisation& org, const EventTarget& target) {
    if (target.kind == EventTarget::Kind::team && !target.named_leader) return org.team_manager(target.id);
    return single_agent(target);
}

/// The agents of a group target: everyone (all, ceo), a team (its manager and reports), or the
/// subtree led by an agent.
std::vector<AgentIndex> members_of(const Organisation& org, const EventTarget& target) {
    std::vector<AgentIndex> members;
    switch (target.kind) {
        case EventTarget::Kind::all:
        case EventTarget::Kind::ceo:
            for (AgentIndex i = 0; i < org.agents(); ++i) members.push_back(i);
            break;
        case EventTarget::Kind::team: {
            const AgentIndex manager = leader_of(org, target);
            members.push_back(manager);
            for (const AgentIndex report : org.reports(manager)) members.push_back(report);
            break;
        }
        case EventTarget::Kind::unit:
            for (const Organisation::IdRange& range : org.subtree_ranges(target.id)) {
                for (AgentIndex i = range.begin; i < range.end; ++i) members.push_back(i);
            }
            break;
        case EventTarget::Kind::agent:
            members.push_back(target.id);
            break;
    }
    return members;
}

/// Every relationship of a newcomer in `agent` starts again: its out-edges at its own prior, its
/// in-edges at each observer's, under `prior`.
void restart_relationships(CoreRun& run, AgentIndex agent, const PriorRule& prior) {
    const TrustNetwork& net = run.network();
    std::vector<Evidence>& evidence = run.state.trust.evidence;
    std::vector<std::uint8_t>& negotiation_memory = run.state.negotiation.memory;
    for (EdgeIndex e = net.row_begin(agent); e < net.row_end(agent); ++e) {
        evidence[e] = prior.evidence(run.prior_mean(agent, net.kind(e)));
        negotiation_memory[e] = 0;
    }
    for (EdgeIndex p = net.in_begin(agent); p < net.in_end(agent); ++p) {
        const EdgeIndex e = net.in_edge(p);
        evidence[e] = prior.evidence(run.prior_mean(net.in_source(p), net.kind(e)));
        negotiation_memory[e] = 0;
    }
}

/// Adds `delta` to every observer's evidence about `subject` (all in-neighbours, as parties).
void tell_observers(CoreRun& run, AgentIndex subject, const EvidenceDelta& delta) {
    const TrustNetwork& net = run.network();
    for (EdgeIndex p = net.in_begin(subject); p < net.in_end(subject); ++p) {
        Evidence& e = run.state.trust.evidence[net.in_edge(p)];
        e.alpha_competence += delta.competence_gain;
        e.beta_competence += delta.competence_loss;
        e.alpha_character += delta.character_gain;
        e.beta_character += delta.character_loss;
    }
}

/// After ties moved or were added: each relationship follows its tie to the tie's new position,
/// `from[e]` being the index edge e had before, or no_edge for a new relationship, which starts
/// at the observer's prior. The edge indices held per agent (this week's help requests and
/// negotiations) follow their ties too, or become no_edge with a tie that moved away.
void carry_relationships(CoreRun& run, const std::vector<EdgeIndex>& from) {
    CoreState& s = run.state;
    const TrustNetwork& net = run.network();
    for_each_edge_column(s, [&](auto& column) {
        const auto before = column;
        column.assign(from.size(), {});
        for (std::size_t edge = 0; edge < from.size(); ++edge) {
            if (from[edge] != no_edge) column[edge] = before[from[edge]];
        }
    });
    for (AgentIndex agent = 0; agent < run.org().agents(); ++agent) {
        for (EdgeIndex edge = net.row_begin(agent); edge < net.row_end(agent); ++edge) {
            if (from[edge] == no_edge) s.trust.evidence[edge] = run.prior.evidence(run.prior_mean(agent, net.kind(edge)));
        }
    }
    std::vector<EdgeIndex> now(from.size(), no_edge);  // old index -> new (at most as many old edges)
    for (std::size_t edge = 0; edge < from.size(); ++edge) {
        if (from[edge] != no_edge) now[from[edge]] = static_cast<EdgeIndex>(edge);
    }
    const auto follow = [&](std::vector<EdgeIndex>& column) {
        for (EdgeIndex& edge : column) {
            if (edge != no_edge) edge = edge < now.size() ? now[edge] : no_edge;
        }
    };
    for (auto& column : s.interactions.help_edge) follow(column);
    follow(s.negotiation.edge);
}

std::string target_detail(const ScriptedEvent& e) {
    switch (e.type) {
        case EventType::replace_leader:
            return std::string("by ") + (e.by == Replacement::newcomer ? "newcomer" : "promotion") +
                   (e.style.empty() ? ", style kept" : ", style " + e.style);
        case EventType::scandal:
            return "every concealed or latent error in the target discovered this week";
        case EventType::hiring_wave:
            return "share " + format_exact(e.share) + " of non-manager positions, " +
                   (e.prior == TrustMode::swift ? "swift" : "slow") + " prior";
        case EventType::forced_error:
            return std::string(e.facet == ErrorFacet::competence ? "competence" : "character") + " error, " +
                   (e.admitted ? "admitted"
                               : e.discovered_by_chance ? "concealed, discovered by chance (p_disc a week)"
                               : e.discovered_after > 0 ? "concealed, discovered in week " + std::to_string(e.week + e.discovered_after)
                                                        : "concealed, never discovered");
        case EventType::breach:
            return "character breach of size " + format_exact(e.size) + " toward " + e.trustor;
        case EventType::reorganise:
            return "share " + format_exact(e.rewire) + " of lateral ties moved " +
                   (e.toward.empty() ? std::string("by the generator's rule") : "into " + e.toward);
        case EventType::merge_teams:
        case EventType::split_team:
            return {};  // the plan says who moves (ScriptedEvents::table)
    }
    return {};
}

/// Whether event `a` happens before event `b` (by week, then as listed, as the actions run).
bool happens_before(const std::vector<ScriptedEvent>& events, std::uint32_t a, std::uint32_t b) {
    return events[a].week < events[b].week || (events[a].week == events[b].week && a < b);
}

/// A breach needs its tie in its week, and only a reorganisation removes ties: one before the
/// breach may move a lateral tie of its members. A manager-report tie stays put, unless a merge
/// or split before then moved one of its ends (it may then go on as a lateral tie). Refused at
/// the run's start rather than failing in the breach's week.
void check_breach_tie_kept(const CoreRun& run, const std::vector<ScriptedEvent>& events, const std::vector<TeamChange>& plan,
                           std::uint32_t breach, AgentIndex trustor, AgentIndex trustee, EdgeIndex tie) {
    const auto moved_before = [&](std::uint32_t event) {
        for (const TeamChange& change : plan) {
            if (!happens_before(events, change.event, event)) continue;
            if (change.new_manager == trustor || change.new_manager == trustee) return true;
            for (const Reassignment& move : change.moves) {
                if (move.agent == trustor || move.agent == trustee) return true;
            }
        }
        return false;
    };
    const bool formal = (run.network().kind(tie) & (EdgeKind::to_manager | EdgeKind::to_report)) != 0;
    for (std::uint32_t r = 0; r < events.size(); ++r) {
        const ScriptedEvent& e = events[r];
        if (e.type != EventType::reorganise || e.rewire <= 0 || !happens_before(events, r, breach)) continue;
        if (formal && !moved_before(r)) continue;
        // Who the reorganisation moves is decided on the hierarchy of its week; after a merge or
        // split that may include the trustor even if it does not now.
        const std::vector<AgentIndex> members = members_of(run.org(), parse_target(e.target, e, run.org().names()));
        const bool may_include = moved_before(r) || std::find(members.begin(), members.end(), trustor) != members.end();
        if (!may_include) continue;
        const ScriptedEvent& b = events[breach];
        throw ConfigError(b.where + ": breach event in week " + std::to_string(b.week) + ": the reorganisation at " + e.where +
                          " (week " + std::to_string(e.week) + ") may move " + b.trustor + "'s " +
                          (formal ? "tie to " + b.target + " after a merge or split made it lateral"
                                  : "lateral tie to " + b.target) +
                          " first; breach a tie between a manager and its direct report, or schedule the breach before "
                          "the reorganisation");
    }
}

}  // namespace

ScriptedEvents::ScriptedEvents(CoreRun& run) : events_(run.params.events), details_(events_.size()) {
    // Team slots are fixed for the run: the splits' are reserved before state is sized.
    run.world.organisation.reserve_team_slots(split_count(events_));
    plan_ = plan_team_changes(run.org(), events_);
    for (const TeamChange& change : plan_) details_[change.event] = change.detail;
    const TrustNetwork& net = run.network();
    for (std::uint32_t i = 0; i < events_.size(); ++i) {
        const ScriptedEvent& e = events_[i];
        actions_.push_back({e.week, i, false});
        if (e.type == EventType::forced_error && !e.admitted && e.discovered_by_chance) {
            // Only a manager's concealed errors are discovered by chance as the leader's own
            // (P2), which publishes a competence loss with the deception: a character error or an
            // employee target would come out as something else.
            const AgentIndex subject = single_agent(parse_target(e.target, e, run.org().names()));
            if (!run.org().is_manager(subject) || e.facet != ErrorFacet::competence) {
                throw ConfigError(e.where + ": forced_error with discovered_by_chance: true needs a manager target and "
                                  "facet: competence (it joins the manager's own concealed errors, which P2 discovers "
                                  "with errors.discovery_probability); " + e.target + " is " +
                                  (run.org().is_manager(subject) ? "a manager but the facet is character" : "not a manager"));
            }
        } else if (e.type == EventType::forced_error && !e.admitted && e.discovered_after > 0) {
            actions_.push_back({e.week + e.discovered_after, i, true});
        }
        if (e.type == EventType::breach) {
            const AgentIndex trustee = single_agent(parse_target(e.target, e, run.org().names()));
            const AgentIndex trustor = single_agent(parse_target(e.trustor, e, run.org().names(), "trustor"));
            if (net.find(trustor, trustee) == no_edge) {
                throw ConfigError(e.where + ": breach event: " + e.trustor + " has no tie to " + e.target +
                                  " in this organisation, so there is no trust to breach (an agent is always tied to its "
                                  "manager and its direct reports; other ties are drawn at random)");
            }
            check_breach_tie_kept(run, events_, plan_, i, trustor, trustee, net.find(trustor, trustee));
        }
    }
    std::stable_sort(actions_.begin(), actions_.end(), [](const Action& a, const Action& b) { return a.week < b.week; });
}

void ScriptedEvents::apply(CoreRun& run, const StepContext& step) {
    for (const AgentIndex agent : exposed_) run.state.events.forced_discovery[agent] = 0;
    exposed_.clear();
    bool changed = false;
    for (; next_action_ < actions_.size() && actions_[next_action_].week <= step.step; ++next_action_) {
        const Action& action = actions_[next_action_];
        if (action.discovery) {
            forced_error(run, action.event, true);
        } else {
            apply_event(run, step, action.event);
        }
        changed = true;
    }
    if (!changed) return;
    // Events rewrite evidence on edges to managers; the cached trust in one's manager follows.
    CoreState& s = run.state;
    const TrustNetwork& net = run.network();
    for_each_agent(run.org().agents(), [&](std::size_t i) {
        const auto agent = static_cast<AgentIndex>(i);
        const EdgeIndex up = net.edge_to_manager(agent);
        if (up != no_edge) s.trust.trust_in_manager[agent] = run.edge_trust(up);
    });
}

void ScriptedEvents::apply_event(CoreRun& run, const StepContext& step, std::uint32_t index) {
    const ScriptedEvent& e = events_[index];
    switch (e.type) {
        case EventType::replace_leader:
            replace_leader(run, step, index);
            break;
        case EventType::scandal:
            for (const AgentIndex agent : members_of(run.org(), parse_target(e.target, e, run.org().names()))) {
                run.state.events.forced_discovery[agent] = 1;
                exposed_.push_back(agent);
            }
            break;
        case EventType::hiring_wave:
            hiring_wave(run, step, index);
            break;
        case EventType::forced_error:
            forced_error(run, index, false);
            break;
        case EventType::reorganise:
            reorganise(run, step.step, index, false);
            break;
        case EventType::merge_teams:
        case EventType::split_team:
            change_teams(run, e, *planned(index), step.step, false);
            break;
        case EventType::breach: {
            const AgentIndex trustee = single_agent(parse_target(e.target, e, run.org().names()));
            const AgentIndex trustor = single_agent(parse_target(e.trustor, e, run.org().names(), "trustor"));
            const EdgeIndex tie = run.network().find(trustor, trustee);
            if (tie == no_edge) {
                throw std::runtime_error(e.where + ": breach event in week " + std::to_string(e.week) + ": " + e.trustor +
                                         " has no tie to " + e.target + " any more: a reorganisation moved it");
            }
            run.state.trust.evidence[tie].beta_character += static_cast<float>(e.size);
            break;
        }
    }
}

void ScriptedEvents::replace_leader(CoreRun& run, const StepContext& step, std::uint32_t index) {
    const ScriptedEvent& e = events_[index];
    CoreState& s = run.state;
    const Organisation& org = run.org();
    const TrustNetwork& net = run.network();
    const AgentIndex leader = leader_of(org, parse_target(e.target, e, run.org().names()));
    const std::uint32_t block = index * blocks_per_event;
    if (!e.style.empty()) s.leadership.style[leader] = to_style(find_style(e.style));

    if (e.by == Replacement::newcomer) {
        hire(run, leader, step.step, Purpose::scripted_hire, block);
        restart_relationships(run, leader, run.prior);
        return;
    }

    // Promotion: the ablest direct report (lowest id on a tie) moves into the leader's slot with
    // its traits, state and relationships; its own slot gets a newcomer.
    AgentIndex promoted = org.reports(leader).front();
    for (const AgentIndex r : org.reports(leader)) {
        if (s.traits.ability[r] > s.traits.ability[promoted]) promoted = r;
    }
    for (std::vector<float>* column :
         {&s.traits.ability, &s.traits.character, &s.traits.return_fraction, &s.traits.propensity, &s.environment.belief,
          &s.outcomes.psych_safety, &s.outcomes.felt_trust, &s.outcomes.engagement, &s.outcomes.error_rate,
          &s.outcomes.performance, &s.outcomes.turnover_intent}) {
        (*column)[leader] = (*column)[promoted];
    }
    s.traits.exploitative[leader] = s.traits.exploitative[promoted];
    s.traits.hire_step[leader] = s.traits.hire_step[promoted];
    s.traits.engagement_disposition[leader] = s.traits.engagement_disposition[promoted];
    s.traits.outside_option[leader] = s.traits.outside_option[promoted];
    // A leader's own concealed errors leave with the old leader; task errors stay in the old job.
    s.interactions.latent_errors[leader] = 0;
    s.leadership.latent_cover[leader] = 0;
    set_help_cost(run, leader);
    // Relationships follow the person where the network has the same tie: what i thought of the
    // promoted report is what i now thinks of the leader, and likewise the other way round.
    std::vector<Evidence>& evidence = s.trust.evidence;
    for (EdgeIndex p = net.in_begin(leader); p < net.in_end(leader); ++p) {
        const AgentIndex observer = net.in_source(p);
        const EdgeIndex e_new = net.in_edge(p);
        const EdgeIndex e_old = observer == promoted ? no_edge : net.find(observer, promoted);
        evidence[e_new] = e_old != no_edge ? evidence[e_old] : run.prior.evidence(run.prior_mean(observer, net.kind(e_new)));
        s.negotiation.memory[e_new] = e_old != no_edge ? s.negotiation.memory[e_old] : 0;
    }
    for (EdgeIndex e_new = net.row_begin(leader); e_new < net.row_end(leader); ++e_new) {
        const AgentIndex subject = net.target(e_new);
        const EdgeIndex e_old = subject == promoted ? no_edge : net.find(promoted, subject);
        evidence[e_new] = e_old != no_edge ? evidence[e_old] : run.prior.evidence(run.prior_mean(leader, net.kind(e_new)));
        s.negotiation.memory[e_new] = e_old != no_edge ? s.negotiation.memory[e_old] : 0;
    }
    hire(run, promoted, step.step, Purpose::scripted_hire, block);
    restart_relationships(run, promoted, run.prior);
}

void ScriptedEvents::hiring_wave(CoreRun& run, const StepContext& step, std::uint32_t index) {
    const ScriptedEvent& e = events_[index];
    const Organisation& org = run.org();
    TrustConfig trust = run.params.trust;
    trust.mode = e.prior;
    const PriorRule prior(trust);
    const std::uint32_t block = index * blocks_per_event;
    std::vector<AgentIndex> hired;
    for (const AgentIndex agent : members_of(org, parse_target(e.target, e, run.org().names()))) {
        if (org.is_manager(agent)) continue;
        RandomStream pick = run.stream(step.step, agent, Purpose::scripted_event, block);
        if (pick.bernoulli(e.share)) hired.push_back(agent);
    }
    for (const AgentIndex agent : hired) hire(run, agent, step.step, Purpose::scripted_hire, block);
    for (const AgentIndex agent : hired) restart_relationships(run, agent, prior);
}

void ScriptedEvents::forced_error(CoreRun& run, std::uint32_t index, bool discovery) {
    const ScriptedEvent& e = events_[index];
    const TrustConfig& t = run.params.trust;
    const AgentIndex subject = single_agent(parse_target(e.target, e, run.org().names()));
    const bool competence = e.facet == ErrorFacet::competence;
    EvidenceDelta delta;
    if (e.admitted) {
        // An admitted error: the facet's loss, and the credit of a sincere admission.
        (competence ? delta.competence_loss : delta.character_loss) +=
            static_cast<float>(competence ? t.failure_loss : t.broken_loss);
        delta.character_gain += static_cast<float>(t.apology_credit);
    } else if (e.discovered_by_chance) {
        // Hidden among the manager's own cover-ups: P2 finds it with p_disc a week.
        ++run.state.leadership.latent_cover[subject];
        return;
    } else if (discovery) {
        // A cover-up comes out: the error itself, and deception on the character facet.
        if (competence) delta.competence_loss += static_cast<float>(t.failure_loss);
        delta.character_loss += static_cast<float>(t.broken_loss * t.deception_multiplier);
    } else {
        return;  // concealed: nobody knows yet
    }
    tell_observers(run, subject, delta);
}

void ScriptedEvents::reorganise(CoreRun& run, std::uint32_t week, std::uint32_t index, bool topology_only) {
    move_ties(run, events_[index], week, index, topology_only);
}

void move_ties(CoreRun& run, const ScriptedEvent& e, std::uint32_t week, std::uint32_t index, bool topology_only) {
    const Organisation& org = run.org();
    TrustNetwork& net = run.network();
    const auto& names = org.names();
    // Where a moved tie may land: one group, or each agent's department (else anywhere).
    std::vector<Organisation::IdRange> toward;
    if (!e.toward.empty()) {
        const EventTarget group = parse_target(e.toward, e, names, "toward");
        if (group.kind == EventTarget::Kind::all || group.kind == EventTarget::Kind::ceo) {
            toward.push_back({0, org.agents()});
        } else {
            for (const AgentIndex agent : members_of(org, group)) toward.push_back({agent, agent + 1});
        }
    }
    const auto draw_in = [](const std::vector<Organisation::IdRange>& ranges, RandomStream& stream) {
        std::uint64_t size = 0;
        for (const auto& r : ranges) size += r.end - r.begin;
        auto pick = static_cast<std::uint64_t>(stream.uniform() * static_cast<double>(size));
        for (const auto& r : ranges) {
            if (pick < r.end - r.begin) return static_cast<AgentIndex>(r.begin + pick);
            pick -= r.end - r.begin;
        }
        return ranges.back().end - 1;
    };
    const double p_local = run.config.organisation.p_local;
    std::vector<TieMove> moves;
    std::vector<AgentIndex> taken;
    for (const AgentIndex agent : members_of(org, parse_target(e.target, e, names))) {
        RandomStream stream = run.stream(week, agent, Purpose::scripted_event, index * blocks_per_event);
        const std::vector<Organisation::IdRange> department =
            toward.empty() ? org.subtree_ranges(org.department_root(agent)) : std::vector<Organisation::IdRange>{};
        // A tie moves away from its old target and never back onto one the row holds or held.
        taken.assign(net.col_index().begin() + net.row_begin(agent), net.col_index().begin() + net.row_end(agent));
        for (EdgeIndex edge = net.row_begin(agent); edge < net.row_end(agent); ++edge) {
            if (net.kind(edge) & (EdgeKind::to_manager | EdgeKind::to_report)) continue;
            if (!stream.bernoulli(e.rewire)) continue;
            for (int attempt = 0; attempt < 32; ++attempt) {
                const AgentIndex target = !toward.empty()               ? draw_in(toward, stream)
                                          : stream.bernoulli(p_local) ? draw_in(department, stream)
                                                                      : stream.below(org.agents());
                if (target == agent || std::find(taken.begin(), taken.end(), target) != taken.end()) continue;
                taken.push_back(target);
                moves.push_back({edge, target});
                break;
            }
        }
    }
    if (moves.empty()) return;
    const std::vector<EdgeIndex> origin = net.move_ties(org, moves);
    if (run.params.gossip.enabled) run.relays = RelayTable(net);  // who can retell what changed
    if (topology_only) return;  // a checkpoint's state is already in the moved order
    // A moved tie is a new relationship: it comes from no old one.
    std::vector<std::uint8_t> moved(origin.size(), 0);
    for (const TieMove& move : moves) moved[move.edge] = 1;
    std::vector<EdgeIndex> from(origin.size());
    for (std::size_t edge = 0; edge < origin.size(); ++edge) from[edge] = moved[origin[edge]] ? no_edge : origin[edge];
    carry_relationships(run, from);
}

const TeamChange* ScriptedEvents::planned(std::uint32_t index) const {
    const auto it = std::find_if(plan_.begin(), plan_.end(), [&](const TeamChange& c) { return c.event == index; });
    if (it == plan_.end()) throw std::logic_error("a merge or split event without a plan");
    return &*it;
}

void ScriptedEvents::change_teams(CoreRun& run, const ScriptedEvent& e, const TeamChange& change, std::uint32_t week,
                                  bool topology_only) {
    Organisation& org = run.world.organisation;
    TrustNetwork& net = run.network();
    org.reassign(change.moves);
    const std::vector<EdgeIndex> origin = net.restructure(org);
    if (run.params.gossip.enabled) run.relays = RelayTable(net);
    CoreState& s = run.state;
    if (topology_only) {
        // A checkpoint's per-edge state is already that of the restructured network.
        for_each_edge_column(s, [&](auto& column) { column.resize(origin.size()); });
        return;
    }
    // A split's lead gets a style before its new ties start at its prior (trust shown first).
    if (e.type == EventType::split_team) {
        if (!e.style.empty()) {
            s.leadership.style[change.new_manager] = to_style(find_style(e.style));
        } else {
            RandomStream stream = run.stream(week, change.new_manager, Purpose::scripted_event, change.event * blocks_per_event);
            s.leadership.style[change.new_manager] = draw_style(run.params.leadership, stream);
        }
    }
    carry_relationships(run, origin);  // an added tie (to a new manager or report) comes from none
    for (const Reassignment& move : change.moves) {
        // A manager merged into another team asks for help as a member from now on: its request
        // as a manager (slot 0, cleared by P2 for managers only) must not linger.
        if (!org.is_manager(move.agent)) s.interactions.help_edge[0][move.agent] = no_edge;
        // Asking for help costs a manager according to its style, a non-manager a fixed amount.
        set_help_cost(run, move.agent);
    }
    set_help_cost(run, change.new_manager);
}

std::size_t ScriptedEvents::edge_bound(const CoreRun& run) const {
    std::size_t bound = run.network().edges();
    for (const TeamChange& change : plan_) bound += 2 * change.moves.size();
    return bound;
}

void ScriptedEvents::replay_structure(CoreRun& run, std::uint32_t steps_done, const std::vector<ScriptedEvent>& saved_events) {
    if (split_count(saved_events) != split_count(events_)) {
        throw ConfigError("this run lists " + std::to_string(split_count(events_)) +
                          " split_team events and the checkpoint's run " + std::to_string(split_count(saved_events)) +
                          "; a branch keeps the number of splits, because team slots are fixed when a run starts");
    }
    // The network is built afresh for a continued run: the saved run's reorganisations up to the
    // checkpoint move its ties again, and its merges and splits change the hierarchy again, in
    // their order (the same draws give the same moves; the plans depend on the hierarchy alone).
    std::vector<std::uint32_t> order;
    for (std::uint32_t i = 0; i < saved_events.size(); ++i) {
        if (saved_events[i].week <= steps_done) order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return saved_events[a].week < saved_events[b].week; });
    const std::vector<TeamChange> past_plan = plan_team_changes(run.org(), saved_events);
    std::size_t next_change = 0;
    for (const std::uint32_t i : order) {
        const ScriptedEvent& e = saved_events[i];
        if (e.type == EventType::reorganise) move_ties(run, e, e.week, i, true);
        if (!changes_teams(e)) continue;
        // Saved events' plans use the saved list's indices, as their draws do.
        while (past_plan[next_change].event != i) ++next_change;
        change_teams(run, e, past_plan[next_change], e.week, true);
    }
    // This run's merges and splits to come, planned on the hierarchy as the checkpoint left it.
    plan_ = plan_team_changes(run.org(), events_, steps_done);
}

void ScriptedEvents::resume(CoreRun& run, std::uint32_t steps_done, const std::vector<ScriptedEvent>&) {
    next_action_ = 0;
    while (next_action_ < actions_.size() && actions_[next_action_].week <= steps_done) ++next_action_;
    exposed_.clear();
    for (AgentIndex i = 0; i < run.org().agents(); ++i) {
        if (run.state.events.forced_discovery[i]) exposed_.push_back(i);
    }
}

std::vector<EventRow> ScriptedEvents::table() const {
    std::vector<EventRow> rows;
    for (std::uint32_t i = 0; i < events_.size(); ++i) {
        const ScriptedEvent& e = events_[i];
        rows.push_back({e.week, event_type_name(e.type), e.target, changes_teams(e) ? details_[i] : target_detail(e)});
    }
    return rows;
}

}  // namespace trustsim::core
