"""The bot's commands, in menu order: one list for both the command menu (setMyCommands) and
/help, so the two cannot drift apart. Each command's description is `cmd.<name>`."""

from __future__ import annotations

import html

from bot.i18n import Translator

MENU_COMMANDS = (
    "neworder",
    "search",
    "cart",
    "orders",
    "status",
    "track",
    "pending",
    "pay",
    "bulk",
    "refunds",
    "addresses",
    "language",
    "help",
    "cancel",
)
# Registered but not in the menu: /start (Telegram's own entry point) and an alias of /neworder.
UNLISTED_COMMANDS = ("start", "order")


def command_list(tr: Translator) -> str:
    """Every menu command with its description, one per line, for /help."""
    return "\n".join(
        f"/{name} — {html.escape(tr(f'cmd.{name}'), quote=False)}" for name in MENU_COMMANDS
    )


def help_text(tr: Translator) -> str:
    return "\n\n".join(
        [tr("help.howto"), tr("search.help"), tr("help.commands_title"), command_list(tr)]
    )
