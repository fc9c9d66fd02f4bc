"""Settings: one class, read from the environment and `.env`. Secrets are SecretStr."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.pandapon.signing import (
    DEFAULT_QUERY_RECIPE,
    DEFAULT_RECIPE,
    DEFAULT_TIMESTAMP_UNIT,
    check_timestamp_unit,
    parse_query_recipe,
    parse_recipe,
)

PRODUCTION_PLATFORM_URL = "https://api.pandapon.com"
PRODUCTION_TELEGRAM_URL = "https://api.telegram.org/bot"

# Credentials the sandbox platform accepts by default, so one `.env` serves both sides locally.
SANDBOX_ACCESS_KEY = "sandbox-access-key"
SANDBOX_ACCESS_SECRET = "sandbox-access-secret"
SANDBOX_USER_ID = "2100007341207"
# How a sandbox platform identifies itself: GET <base URL>/_sandbox/hello -> {"sandbox": "pandapon",
# "signRecipe", "timestampUnit", "credentials": "default" | "custom"}.
SANDBOX_HELLO_PATH = "/_sandbox/hello"
SANDBOX_NAME = "pandapon"

IdList = Annotated[frozenset[int], NoDecode]


# What each id list holds, for the message when it does not parse.
_ID_KINDS = {
    "allowed_users": "user ids",
    "admins": "user ids",
    "approvers": "user ids",
    "allowed_chats": "chat ids (a group's id is negative, e.g. -1001234567890)",
}


def _parse_id_list(value: object, kind: str) -> frozenset[int]:
    if value is None or value == "":
        return frozenset()
    if isinstance(value, str):
        parts = [p for p in value.replace(";", ",").replace(" ", ",").split(",") if p]
        try:
            return frozenset(int(p) for p in parts)
        except ValueError as exc:
            raise ValueError(f"must be comma-separated numeric {kind}") from exc
    if isinstance(value, int):
        return frozenset({value})
    return frozenset(int(v) for v in value)  # type: ignore[union-attr]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    # Telegram
    telegram_bot_token: SecretStr | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_base_url: str = Field(PRODUCTION_TELEGRAM_URL, alias="TELEGRAM_BASE_URL")
    # Telegram's flood limits, which the bot keeps to (bot/rate_limiter.py)
    telegram_messages_per_second: int = Field(30, ge=1, alias="TELEGRAM_MESSAGES_PER_SECOND")
    telegram_private_burst: int = Field(3, ge=1, alias="TELEGRAM_PRIVATE_BURST")
    telegram_private_window: float = Field(3.0, gt=0, alias="TELEGRAM_PRIVATE_WINDOW")
    telegram_group_burst: int = Field(20, ge=1, alias="TELEGRAM_GROUP_BURST")
    telegram_group_window: float = Field(60.0, gt=0, alias="TELEGRAM_GROUP_WINDOW")

    # Platform
    pandapon_base_url: str = Field(PRODUCTION_PLATFORM_URL, alias="PANDAPON_BASE_URL")
    pandapon_access_key: str = Field("", alias="PANDAPON_ACCESS_KEY")
    pandapon_access_secret: SecretStr = Field(SecretStr(""), alias="PANDAPON_ACCESS_SECRET")
    pandapon_user_id: str = Field("", alias="PANDAPON_USER_ID")
    pandapon_sign_recipe: str = Field(DEFAULT_RECIPE, alias="PANDAPON_SIGN_RECIPE")
    pandapon_timestamp_unit: str = Field(DEFAULT_TIMESTAMP_UNIT, alias="PANDAPON_TIMESTAMP_UNIT")
    # The warehouse-logistics calls sign `?timestamp=&sign=` instead of the headers.
    pandapon_query_sign_recipe: str = Field(
        DEFAULT_QUERY_RECIPE, alias="PANDAPON_QUERY_SIGN_RECIPE"
    )
    pandapon_query_timestamp_unit: str = Field(
        DEFAULT_TIMESTAMP_UNIT, alias="PANDAPON_QUERY_TIMESTAMP_UNIT"
    )
    pandapon_timeout_seconds: float = Field(15.0, gt=0, alias="PANDAPON_TIMEOUT_SECONDS")
    pandapon_read_retries: int = Field(2, ge=0, le=10, alias="PANDAPON_READ_RETRIES")
    # The 1688 `country` field (and Taobao's `language`): the language the platform translates
    # titles into. A public client of this API sends "vi", so it is not fixed to "en".
    pandapon_country: str = Field("en", pattern=r"^[a-z]{2,3}$", alias="PANDAPON_COUNTRY")

    # Bot
    db_path: Path = Field(Path("data/orderbot.db"), alias="ORDERBOT_DB")
    allowed_users: IdList = Field(frozenset(), alias="ORDERBOT_ALLOWED_USERS")
    allowed_chats: IdList = Field(frozenset(), alias="ORDERBOT_ALLOWED_CHATS")
    admins: IdList = Field(frozenset(), alias="ORDERBOT_ADMINS")
    default_language: str = Field("en", alias="ORDERBOT_LANGUAGE")
    conversation_timeout_seconds: int = Field(1800, ge=60, alias="ORDERBOT_CONVERSATION_TIMEOUT")
    persistence_interval_seconds: float = Field(3.0, gt=0, alias="ORDERBOT_PERSISTENCE_INTERVAL")
    short_link_timeout: float = Field(5.0, gt=0, alias="ORDERBOT_SHORT_LINK_TIMEOUT")
    # A lost answer is re-checked over this window before "not created" may be concluded.
    reconcile_window_seconds: float = Field(900.0, ge=5, alias="ORDERBOT_RECONCILE_WINDOW")
    # Search pages and product cards are kept this long, so paging and "back" ask nothing again.
    search_cache_seconds: float = Field(300.0, ge=0, alias="ORDERBOT_SEARCH_CACHE_SECONDS")

    # Web side: platform callbacks, Telegram webhook, health check
    listen_host: str = Field("127.0.0.1", alias="ORDERBOT_LISTEN_HOST")
    listen_port: int = Field(8080, ge=1, le=65535, alias="ORDERBOT_LISTEN_PORT")
    callback_path: str = Field("", alias="ORDERBOT_CALLBACK_PATH")
    callback_max_bytes: int = Field(65536, ge=1024, alias="ORDERBOT_CALLBACK_MAX_BYTES")
    webhook_url: str = Field("", alias="ORDERBOT_WEBHOOK_URL")
    webhook_path: str = Field("/telegram/webhook", alias="ORDERBOT_WEBHOOK_PATH")
    webhook_secret: SecretStr | None = Field(None, alias="TELEGRAM_WEBHOOK_SECRET")
    # Status polling when callbacks are not configured
    poll_interval_seconds: float = Field(300.0, ge=5, alias="ORDERBOT_POLL_INTERVAL")
    poll_max_rps: float = Field(2.0, gt=0, alias="ORDERBOT_POLL_MAX_RPS")

    # Group approval
    approvers: IdList = Field(frozenset(), alias="ORDERBOT_APPROVERS")
    admins_approve: bool = Field(False, alias="ORDERBOT_ADMINS_APPROVE")
    allow_self_approval: bool = Field(False, alias="ORDERBOT_ALLOW_SELF_APPROVAL")
    auto_approve_fen: int = Field(0, ge=0, alias="ORDERBOT_AUTO_APPROVE_FEN")
    notify_approvers_privately: bool = Field(False, alias="ORDERBOT_NOTIFY_APPROVERS_PRIVATELY")
    approval_ttl_seconds: int = Field(86400, ge=60, alias="ORDERBOT_APPROVAL_TTL")
    # After-sales: in groups, a refund or return request waits for an approver (as orders do)
    # unless this is off; at most this many evidence photos per request (the platform takes 9).
    refunds_need_approval: bool = Field(True, alias="ORDERBOT_REFUNDS_NEED_APPROVAL")
    refund_max_photos: int = Field(5, ge=0, le=9, alias="ORDERBOT_REFUND_MAX_PHOTOS")
    # Spreadsheet orders (/bulk)
    bulk_max_bytes: int = Field(2_000_000, ge=1024, le=20_000_000, alias="ORDERBOT_BULK_MAX_BYTES")
    bulk_max_rows: int = Field(1000, ge=1, le=10_000, alias="ORDERBOT_BULK_MAX_ROWS")
    bulk_check_rps: float = Field(20.0, gt=0, le=1000, alias="ORDERBOT_BULK_CHECK_RPS")
    bulk_concurrency: int = Field(8, ge=1, le=64, alias="ORDERBOT_BULK_CONCURRENCY")
    bulk_progress_interval_seconds: float = Field(
        3.0, ge=1, le=60, alias="ORDERBOT_BULK_PROGRESS_INTERVAL"
    )
    log_level: str = Field("INFO", alias="LOG_LEVEL")

    # Shipping abroad: the forwarder's warehouse Taobao orders go to first (the pre-warehouse)
    warehouse_name: str = Field("", max_length=100, alias="ORDERBOT_WAREHOUSE_NAME")
    warehouse_address: str = Field("", max_length=200, alias="ORDERBOT_WAREHOUSE_ADDRESS")
    # How often saved addresses the platform's book has not taken yet are sent again
    address_sync_retry_seconds: float = Field(300.0, ge=10, alias="ORDERBOT_ADDRESS_SYNC_RETRY")

    @field_validator("allowed_users", "allowed_chats", "admins", "approvers", mode="before")
    @classmethod
    def _ids(cls, value: object, info) -> frozenset[int]:
        return _parse_id_list(value, _ID_KINDS[info.field_name])

    @field_validator("pandapon_sign_recipe")
    @classmethod
    def _recipe(cls, value: str) -> str:
        parse_recipe(value)  # raises a clear error for an unknown recipe
        return value

    @field_validator("pandapon_query_sign_recipe")
    @classmethod
    def _query_recipe(cls, value: str) -> str:
        parse_query_recipe(value)
        return value

    @field_validator("pandapon_timestamp_unit", "pandapon_query_timestamp_unit")
    @classmethod
    def _timestamp_unit(cls, value: str) -> str:
        return check_timestamp_unit(value.strip())

    @field_validator("warehouse_name", "warehouse_address")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return " ".join(value.split())

    @property
    def default_warehouse(self) -> tuple[str, str] | None:
        """The pre-warehouse new bookings get, when both parts are configured."""
        if self.warehouse_name and self.warehouse_address:
            return self.warehouse_name, self.warehouse_address
        return None

    @field_validator("callback_path", "webhook_path")
    @classmethod
    def _path(cls, value: str, info) -> str:
        value = value.strip()
        if not value:
            if info.field_name == "webhook_path":
                raise ValueError("must not be empty")
            return value
        if not value.startswith("/") or any(c.isspace() for c in value):
            raise ValueError("must be a URL path starting with '/'")
        if info.field_name == "callback_path" and len(value.strip("/")) < 16:
            raise ValueError(
                "must be unguessable: at least 16 characters, e.g. /pandapon/<random token>"
            )
        return value

    @property
    def callbacks_configured(self) -> bool:
        return bool(self.callback_path)

    @field_validator("default_language")
    @classmethod
    def _language(cls, value: str) -> str:
        if value not in ("en", "zh"):
            raise ValueError("must be 'en' or 'zh'")
        return value

    @property
    def has_platform_credentials(self) -> bool:
        return bool(self.pandapon_access_key and self.pandapon_access_secret.get_secret_value())

    def with_sandbox_platform(self, base_url: str) -> Settings:
        """The same settings pointed at a local sandbox platform with its default credentials."""
        return self.model_copy(
            update={
                "pandapon_base_url": base_url,
                "pandapon_access_key": self.pandapon_access_key or SANDBOX_ACCESS_KEY,
                "pandapon_access_secret": self.pandapon_access_secret
                if self.pandapon_access_secret.get_secret_value()
                else SecretStr(SANDBOX_ACCESS_SECRET),
                "pandapon_user_id": self.pandapon_user_id or SANDBOX_USER_ID,
            }
        )
