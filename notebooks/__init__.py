"""The notebooks shipped with stance (report.ipynb runs under `stance report`)."""
