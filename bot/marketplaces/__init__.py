"""The two marketplaces, chosen once by platform: `marketplaces(client)["taobao" | "1688"]`."""

from __future__ import annotations

from bot.marketplaces.alibaba import AlibabaMarketplace
from bot.marketplaces.base import Marketplace
from bot.marketplaces.taobao import TaobaoMarketplace
from bot.pandapon.client import PandaPonClient


def marketplaces(client: PandaPonClient, country: str = "en") -> dict[str, Marketplace]:
    """`country`: the language the platform translates titles into (PANDAPON_COUNTRY)."""
    return {
        "taobao": TaobaoMarketplace(client, language=country),
        "1688": AlibabaMarketplace(client, country=country),
    }
