"""The project's date formats where Django's differ from what our readers expect: English
pages write dates as the Kyrgyz and Russian ones do (10.06.2026), not month first (the formats
not set here are Django's for the language)."""
