"""Results turned into words and numbers once, then text, Markdown, spreadsheets and charts. No Textual."""
