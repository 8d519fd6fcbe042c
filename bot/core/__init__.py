"""The pure core: questionnaire, question types, engine, answers, schedule, figures, Protocols.

Nothing here imports Telegram, SQLite, a chart library or another `bot` package.
"""
