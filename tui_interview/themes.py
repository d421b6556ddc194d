"""The app's own themes, beside Textual's built-in ones, and which theme a run
starts with.

- ``high-contrast``: white on black, yellow for what has focus, no muted text.
- ``ansi-16``: only the 16 ANSI colours, as the terminal defines them, on the
  terminal's own background: right under a plain ``TERM=xterm`` over SSH.

Which theme: ``theme`` in the config sets the default; a theme chosen from the
command palette ("Change theme") is remembered (``state.json``) and used until
the config's ``theme`` changes (the config then wins again).
"""

from __future__ import annotations

from textual.theme import BUILTIN_THEMES, Theme

DEFAULT_THEME = "textual-dark"

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    warning="#ffff00",
    error="#ff5555",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#000000",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "text-muted": "#ffffff",
        "text-disabled": "#c0c0c0",
        "border": "#ffff00",
        "border-blurred": "#ffffff",
        "footer-key-foreground": "#ffff00",
        "footer-description-foreground": "#ffffff",
        "footer-background": "#000000",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#ffff00",
        "block-cursor-text-style": "bold",
        "input-cursor-background": "#ffffff",
        "input-cursor-foreground": "#000000",
        "input-selection-background": "#ffff00 60%",
        "scrollbar": "#ffffff",
        "scrollbar-background": "#000000",
    },
)

ANSI_16 = Theme(
    name="ansi-16",
    ansi=True,
    primary="ansi_blue",
    secondary="ansi_cyan",
    accent="ansi_yellow",
    warning="ansi_yellow",
    error="ansi_red",
    success="ansi_green",
    foreground="ansi_default",
    background="ansi_default",
    surface="ansi_default",
    panel="ansi_default",
    boost="ansi_default",
    dark=True,
    variables={
        # Textual's ansi-dark draws unfocused borders in black, which vanish
        # on a black terminal: white here.
        "ansi-background": "ansi_default",
        "ansi-foreground": "ansi_default",
        "border": "ansi_bright_blue",
        "border-blurred": "ansi_white",
        "text-muted": "ansi_default",
        "footer-key-foreground": "ansi_bright_yellow",
        "footer-description-foreground": "ansi_default",
        "footer-background": "ansi_default",
        "block-cursor-foreground": "ansi_black",
        "block-cursor-background": "ansi_white",
        "block-cursor-text-style": "bold",
        "input-cursor-background": "ansi_white",
        "input-cursor-foreground": "ansi_black",
        "input-cursor-text-style": "none",
        "input-selection-background": "ansi_blue",
        "input-selection-foreground": "ansi_bright_white",
        "screen-selection-background": "ansi_blue",
        "screen-selection-foreground": "ansi_bright_white",
        "scrollbar": "ansi_white",
        "scrollbar-background": "ansi_default",
    },
)

APP_THEMES = (HIGH_CONTRAST, ANSI_16)


def theme_names() -> list[str]:
    """Every theme a config may name: Textual's and the app's own."""
    return sorted({*BUILTIN_THEMES, *(theme.name for theme in APP_THEMES)})


def starting_theme(configured: str | None, remembered: dict[str, object]) -> str:
    """The theme a run starts with: the one last chosen from the palette, if
    it was chosen under the config's current ``theme``; else the config's;
    else the default. ``remembered`` is the state's ``theme`` and
    ``theme_config`` (the config's theme when the choice was made)."""
    chosen = remembered.get("theme")
    if isinstance(chosen, str) and chosen in theme_names():
        if remembered.get("theme_config") == configured:
            return chosen
    return configured or DEFAULT_THEME
