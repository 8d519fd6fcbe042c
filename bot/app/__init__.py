"""The application: the respondent and results services, the settings, and their wiring."""
