"""The scenario explorer behind `trustsim explore` (docs/explorer.md): a page on 127.0.0.1 with
sliders for the leadership dimensions and a few key parameters, which runs a scenario and draws
trust, psychological safety, engagement and performance within seconds, two settings side by side.

engine.py turns the page's settings into scenario overrides and runs them (in memory through the
`trustsim` module, else through the CLI into a temporary file); server.py serves the page and
answers its requests; page.html is the page.
"""
