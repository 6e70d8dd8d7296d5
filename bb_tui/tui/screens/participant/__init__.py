"""Screens a participant scores on."""

TALL = 34  # rows from which a screen is "-tall" (app.tcss, enabler.tcss, text.tcss show more)
# The size class for the screens whose stylesheets use it: Screen.VERTICAL_BREAKPOINTS.
TALL_BREAKPOINTS = [(TALL, "-tall")]
