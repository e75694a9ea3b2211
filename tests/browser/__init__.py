"""Real-browser journeys: the served app driven by Debian's Chromium through Playwright."""
