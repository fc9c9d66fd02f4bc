"""Text for shipping abroad: freight services with their prices, countries, the way abroad."""

from __future__ import annotations

from bot.domain.countries import MARKET_COUNTRIES, country_name
from bot.domain.currency import Amount, format_amount
from bot.domain.money import format_fen
from bot.freight import ServiceQuote
from bot.i18n import Html, Translator
from storage.abroad import OrderAbroad


def country_label(tr: Translator, code: str) -> str:
    return f"{country_name(code, tr.lang)} ({code})"


def price(tr: Translator, amount: Amount, cny_fen: int | None) -> str:
    """`₫162,069 (¥47.00)`: the currency asked, and yuan where the platform gave it."""
    text = format_amount(amount, tr.lang)
    if cny_fen is not None and amount.currency != "CNY":
        text += f" ({format_fen(cny_fen)})"
    return text


def days(tr: Translator, quote: ServiceQuote) -> str:
    if quote.min_days and quote.max_days and quote.min_days != quote.max_days:
        return tr("freight.days_range", low=quote.min_days, high=quote.max_days)
    if quote.max_days or quote.min_days:
        return tr("freight.days", n=quote.max_days or quote.min_days)
    return ""


def service_line(tr: Translator, quote: ServiceQuote, number: int | None = None) -> str:
    head = f"{number}. " if number is not None else ""
    if quote.price is None:
        return tr(
            "freight.service_unavailable",
            head=head,
            company=quote.company,
            category=quote.category,
            reason=quote.reason or "?",
        )
    return tr(
        "freight.service",
        head=head,
        company=quote.company,
        category=quote.category,
        price=price(tr, quote.price, quote.cny_fen),
        days=days(tr, quote),
    )


def services_block(tr: Translator, services: list[ServiceQuote], *, numbered: bool = False) -> Html:
    rows = [
        service_line(tr, quote, index + 1 if numbered else None)
        for index, quote in enumerate(services)
    ]
    return Html("\n".join(rows))


def market_countries(tr: Translator, remembered: str | None) -> list[tuple[str, str]]:
    """(code, label) for the country buttons: the member's last destination first."""
    codes = [remembered] if remembered else []
    codes += [code for code in MARKET_COUNTRIES if code != remembered]
    return [(code, country_name(code, tr.lang)) for code in codes]


def abroad_summary(tr: Translator, state: OrderAbroad | None) -> str | None:
    """The order card's lines about shipping abroad, or None when there is nothing yet."""
    if state is None:
        return None
    rows = []
    if state.warehouse_name:
        rows.append(
            tr("abroad.card.warehouse", name=state.warehouse_name, address=state.warehouse_address)
        )
    if state.booked and state.service:
        quote = ServiceQuote.from_json(state.service)
        rows.append(
            tr(
                "abroad.card.booked",
                number=state.logistic_number,
                company=quote.company,
                category=quote.category,
                price=price(tr, quote.price, quote.cny_fen) if quote.price else "—",
            )
        )
        if state.domestic:
            rows.append(tr("abroad.card.domestic", numbers=", ".join(state.domestic)))
    return "\n".join(rows) or None
