"""Files on disk: safe saves and locks, hardened TOML reading, one-line errors, untrusted text. No Textual."""
