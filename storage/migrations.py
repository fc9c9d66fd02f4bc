"""Schema migrations, versioned by `PRAGMA user_version`.

`MIGRATIONS[i]` brings the schema from version i to i + 1. Each step runs in its own
`BEGIN IMMEDIATE` transaction together with the version bump, so a failed step leaves the file
at the previous version, and two processes opening the same file cannot both apply a step.
Append new steps at the end (approvals, approval_messages, platform_events …); never edit one
that has shipped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import sqlite_utils

log = logging.getLogger(__name__)

Migration = Callable[[sqlite_utils.Database], None]


class SchemaTooNew(RuntimeError):
    """The file was written by a newer orderbot than this one."""


def _v1_initial_schema(db: sqlite_utils.Database) -> None:
    for statement in _V1_STATEMENTS:
        db.execute(statement)


_V1_STATEMENTS = (
    # Timestamps are integer epoch milliseconds throughout; money is integer fen.
    """
    CREATE TABLE orders (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        platform TEXT NOT NULL,
        chat_id INTEGER NOT NULL,
        requester_id INTEGER NOT NULL,
        seller_order_number TEXT NOT NULL UNIQUE,
        platform_order_id TEXT,
        platform_order_no TEXT,
        state TEXT NOT NULL,
        status TEXT,
        raw_status TEXT,
        status_updated_at INTEGER,
        subtotal_fen INTEGER NOT NULL CHECK (subtotal_fen >= 0),
        postage_fen INTEGER NOT NULL DEFAULT 0 CHECK (postage_fen >= 0),
        total_fen INTEGER NOT NULL CHECK (total_fen >= 0),
        purchase_amount_fen INTEGER CHECK (purchase_amount_fen >= 0),
        receiver_json TEXT NOT NULL,
        order_source TEXT,
        note TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    )
    """,
    "CREATE INDEX idx_orders_platform_order_id ON orders (platform_order_id)",
    "CREATE INDEX idx_orders_platform_order_no ON orders (platform_order_no)",
    "CREATE INDEX idx_orders_chat ON orders (chat_id, id DESC)",
    "CREATE INDEX idx_orders_status ON orders (status)",
    "CREATE INDEX idx_orders_state ON orders (state)",
    "CREATE INDEX idx_orders_requester ON orders (requester_id)",
    "CREATE INDEX idx_orders_created_at ON orders (created_at)",
    """
    CREATE TABLE order_lines (
        order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        line_no INTEGER NOT NULL,
        item_id TEXT NOT NULL,
        sku_id TEXT,
        title TEXT NOT NULL DEFAULT '',
        sku_label TEXT NOT NULL DEFAULT '',
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        unit_price_fen INTEGER NOT NULL CHECK (unit_price_fen >= 0),
        line_total_fen INTEGER NOT NULL CHECK (line_total_fen >= 0),
        sub_order_id TEXT,
        status TEXT,
        error_code TEXT,
        error_message TEXT,
        image_url TEXT,
        PRIMARY KEY (order_id, line_no)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE submissions (
        idempotency_key TEXT PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    )
    """,
    "CREATE INDEX idx_submissions_state ON submissions (state)",
    "CREATE INDEX idx_submissions_order ON submissions (order_id)",
    """
    CREATE TABLE drafts (
        chat_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        data TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (chat_id, user_id)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE addresses (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id INTEGER NOT NULL,
        label TEXT NOT NULL COLLATE NOCASE,
        receiver_json TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_used_at INTEGER,
        UNIQUE (user_id, label)
    )
    """,
    "CREATE INDEX idx_addresses_user ON addresses (user_id)",
    """
    CREATE TABLE user_prefs (
        user_id INTEGER PRIMARY KEY,
        language TEXT
    )
    """,
    # python-telegram-bot persistence (storage/persistence.py); values are JSON text.
    """
    CREATE TABLE ptb_conversations (
        name TEXT NOT NULL,
        key TEXT NOT NULL,
        state TEXT NOT NULL,
        PRIMARY KEY (name, key)
    ) WITHOUT ROWID
    """,
    "CREATE TABLE ptb_user_data (id INTEGER PRIMARY KEY, data TEXT NOT NULL)",
    "CREATE TABLE ptb_chat_data (id INTEGER PRIMARY KEY, data TEXT NOT NULL)",
    "CREATE TABLE ptb_bot_data (id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT NOT NULL)",
    "CREATE TABLE ptb_callback_data (id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT NOT NULL)",
)


def _v2_events_and_approvals(db: sqlite_utils.Database) -> None:
    for statement in _V2_STATEMENTS:
        db.execute(statement)


_V2_STATEMENTS = (
    # Platform message callbacks (and polled changes), deduplicated by their content.
    """
    CREATE TABLE platform_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        dedupe_key TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL CHECK (source IN ('callback', 'poll', 'action')),
        platform TEXT NOT NULL,
        message_type TEXT NOT NULL,
        order_id INTEGER REFERENCES orders (id),
        platform_order_ref TEXT,
        body TEXT NOT NULL,
        event_time INTEGER,
        received_at INTEGER NOT NULL,
        outcome TEXT
    )
    """,
    "CREATE INDEX idx_platform_events_order ON platform_events (order_id, id)",
    # What the platform says now, next to what we submitted.
    "ALTER TABLE orders ADD COLUMN platform_total_fen INTEGER",
    "ALTER TABLE orders ADD COLUMN refund_fen INTEGER",
    # Group approval: one request per order, its messages (every copy of the card), an audit.
    """
    CREATE TABLE approvals (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        order_id INTEGER NOT NULL UNIQUE REFERENCES orders (id),
        chat_id INTEGER NOT NULL,
        requester_id INTEGER NOT NULL,
        state TEXT NOT NULL
            CHECK (state IN ('pending', 'approved', 'rejected', 'expired', 'withdrawn')),
        decided_by INTEGER,
        decided_by_name TEXT,
        decided_at INTEGER,
        reason TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    )
    """,
    "CREATE INDEX idx_approvals_chat_state ON approvals (chat_id, state)",
    "CREATE INDEX idx_approvals_state_expiry ON approvals (state, expires_at)",
    """
    CREATE TABLE approval_messages (
        approval_id INTEGER NOT NULL REFERENCES approvals (id),
        chat_id INTEGER NOT NULL,
        message_id INTEGER NOT NULL,
        PRIMARY KEY (approval_id, chat_id, message_id)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE approval_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        approval_id INTEGER NOT NULL REFERENCES approvals (id),
        actor_id INTEGER,
        actor_name TEXT,
        action TEXT NOT NULL,
        detail TEXT,
        at INTEGER NOT NULL
    )
    """,
    "CREATE INDEX idx_approval_audit_approval ON approval_audit (approval_id, id)",
)


def _v3_durable_steps(db: sqlite_utils.Database) -> None:
    for statement in _V3_STATEMENTS:
        db.execute(statement)


_V3_STATEMENTS = (
    # Every update is stored before Telegram is told it arrived, and marked done once handled.
    """
    CREATE TABLE inbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        update_id INTEGER NOT NULL UNIQUE,
        body TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        done_at INTEGER,
        outcome TEXT
    )
    """,
    "CREATE INDEX idx_inbox_open ON inbox (done_at, id)",
    # The conversation step lives beside the draft, written in the same statement.
    "ALTER TABLE drafts ADD COLUMN step TEXT",
    # A lost answer is re-checked on a schedule before it may be called "not created".
    "ALTER TABLE submissions ADD COLUMN unknown_since INTEGER",
    "ALTER TABLE submissions ADD COLUMN next_check_at INTEGER",
    "ALTER TABLE submissions ADD COLUMN checks INTEGER NOT NULL DEFAULT 0",
    "CREATE INDEX idx_submissions_due ON submissions (state, next_check_at)",
    # The platform time of the price and refund last applied: older callbacks change nothing.
    "ALTER TABLE orders ADD COLUMN price_event_at INTEGER",
    "ALTER TABLE orders ADD COLUMN refund_event_at INTEGER",
    # Mutating calls other than creates (pay, cancel, receipt, …), recorded before they are made.
    """
    CREATE TABLE platform_actions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        order_id INTEGER REFERENCES orders (id),
        chat_id INTEGER,
        requester_id INTEGER,
        payload TEXT NOT NULL,
        state TEXT NOT NULL
            CHECK (state IN ('sending', 'unknown', 'done', 'not_done', 'failed')),
        result TEXT,
        error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        unknown_since INTEGER,
        next_check_at INTEGER,
        checks INTEGER NOT NULL DEFAULT 0
    )
    """,
    "CREATE INDEX idx_platform_actions_due ON platform_actions (state, next_check_at)",
    "CREATE INDEX idx_platform_actions_order ON platform_actions (order_id, id)",
)


def _v4_flow_states(db: sqlite_utils.Database) -> None:
    for statement in _V4_STATEMENTS:
        db.execute(statement)


_V4_STATEMENTS = (
    # Every multi-step conversation's state and step (the new order's drafts move in).
    """
    CREATE TABLE flow_states (
        flow TEXT NOT NULL,
        chat_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        data TEXT NOT NULL,
        step TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (flow, chat_id, user_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX idx_flow_states_chat ON flow_states (chat_id)",
    """
    INSERT INTO flow_states (flow, chat_id, user_id, data, step, updated_at)
    SELECT 'new_order', chat_id, user_id, data, step, updated_at FROM drafts
    """,
    "DROP TABLE drafts",
)


def _v5_shipping_abroad(db: sqlite_utils.Database) -> None:
    for statement in _V5_STATEMENTS:
        db.execute(statement)


_V5_STATEMENTS = (
    # Saved addresses kept in step with the platform's address book: its id for the entry, and
    # whether the platform has the current revision (pending / synced / failed).
    "ALTER TABLE addresses ADD COLUMN platform_address_id INTEGER",
    "ALTER TABLE addresses ADD COLUMN revision INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE addresses ADD COLUMN sync_state TEXT NOT NULL DEFAULT 'pending'",
    "ALTER TABLE addresses ADD COLUMN sync_error TEXT",
    "CREATE INDEX idx_addresses_sync ON addresses (sync_state)",
    # Where a member ships abroad to (freight estimates start there).
    "ALTER TABLE user_prefs ADD COLUMN destination TEXT",
    # One row per order that ships abroad: the pre-warehouse, the receiver abroad, the chosen
    # freight preview, and the booked international logistics order (amounts: minor units of
    # `currency`, and fen).
    """
    CREATE TABLE order_abroad (
        order_id INTEGER PRIMARY KEY REFERENCES orders (id),
        warehouse_name TEXT,
        warehouse_address TEXT,
        warehouse_set_at INTEGER,
        receiver_json TEXT,
        render_id TEXT,
        service_json TEXT,
        intl_order_id TEXT,
        logistic_number TEXT,
        booked_at INTEGER,
        domestic_json TEXT NOT NULL DEFAULT '[]',
        updated_at INTEGER NOT NULL
    )
    """,
)


def _v6_shop_promotions(db: sqlite_utils.Database) -> None:
    # A 1688 shop promotion chosen in the preview: its id (sent with the create call) and its
    # discount, already taken off total_fen.
    db.execute(
        "ALTER TABLE orders ADD COLUMN discount_fen INTEGER NOT NULL DEFAULT 0 "
        "CHECK (discount_fen >= 0)"
    )
    db.execute("ALTER TABLE orders ADD COLUMN shop_promotion_id TEXT")
    db.execute("ALTER TABLE orders ADD COLUMN shop_promotion_name TEXT")


def _v7_searches(db: sqlite_utils.Database) -> None:
    for statement in _V7_STATEMENTS:
        db.execute(statement)


_V7_STATEMENTS = (
    # What a member searched for: the buttons of a results page name the search by id, so a
    # page keeps working after a restart (storage/searches.py). Results are not kept here.
    """
    CREATE TABLE search_images (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        sha256 TEXT NOT NULL UNIQUE,
        content BLOB NOT NULL,
        created_at INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE searches (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        chat_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        platform TEXT CHECK (platform IN ('taobao', '1688')),
        kind TEXT NOT NULL CHECK (kind IN ('keyword', 'image', 'seller')),
        keyword TEXT,
        image_id INTEGER REFERENCES search_images (id),
        seller_id TEXT,
        seller_name TEXT,
        sort TEXT NOT NULL DEFAULT 'relevance',
        price_min_fen INTEGER CHECK (price_min_fen >= 0),
        price_max_fen INTEGER CHECK (price_max_fen >= 0),
        prompt_message_id INTEGER,
        created_at INTEGER NOT NULL
    )
    """,
    "CREATE INDEX idx_searches_created ON searches (created_at)",
    "CREATE INDEX idx_searches_prompt ON searches (chat_id, prompt_message_id)",
)


def _v8_batches_and_bulk(db: sqlite_utils.Database) -> None:
    for statement in _V8_STATEMENTS:
        db.execute(statement)


_V8_STATEMENTS = (
    # A 1688 order across sellers: one batch create, one stored order per seller (#B12).
    """
    CREATE TABLE order_batches (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        batch_key TEXT NOT NULL UNIQUE,
        platform TEXT NOT NULL,
        chat_id INTEGER NOT NULL,
        requester_id INTEGER NOT NULL,
        created_at INTEGER NOT NULL
    )
    """,
    "CREATE INDEX idx_order_batches_chat ON order_batches (chat_id, id DESC)",
    """
    CREATE TABLE batch_orders (
        batch_id INTEGER NOT NULL REFERENCES order_batches (id),
        order_id INTEGER NOT NULL UNIQUE REFERENCES orders (id),
        seller_id TEXT NOT NULL,
        seller_name TEXT,
        PRIMARY KEY (batch_id, order_id)
    ) WITHOUT ROWID
    """,
    # Spreadsheet orders: the job, the orders its rows make up, and each input row's fate.
    """
    CREATE TABLE bulk_jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        chat_id INTEGER NOT NULL,
        requester_id INTEGER NOT NULL,
        requester_name TEXT,
        file_name TEXT NOT NULL,
        file_format TEXT NOT NULL CHECK (file_format IN ('xlsx', 'csv', 'draft')),
        header TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN
            ('pending_approval', 'queued', 'running', 'done', 'rejected', 'expired')),
        total_fen INTEGER NOT NULL CHECK (total_fen >= 0),
        progress_message_id INTEGER,
        card_chat_id INTEGER,
        card_message_id INTEGER,
        decided_by INTEGER,
        decided_by_name TEXT,
        decided_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        finished_at INTEGER
    )
    """,
    "CREATE INDEX idx_bulk_jobs_state ON bulk_jobs (state)",
    """
    CREATE TABLE bulk_orders (
        job_id INTEGER NOT NULL REFERENCES bulk_jobs (id),
        order_key TEXT NOT NULL,
        position INTEGER NOT NULL,
        draft TEXT NOT NULL,
        postage TEXT NOT NULL,
        done INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (job_id, order_key)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE bulk_rows (
        job_id INTEGER NOT NULL REFERENCES bulk_jobs (id),
        row_no INTEGER NOT NULL,
        cells TEXT NOT NULL,
        order_key TEXT,
        line_no INTEGER,
        state TEXT NOT NULL CHECK (state IN
            ('skipped', 'queued', 'placed', 'already_placed', 'refused', 'checking')),
        order_id INTEGER,
        order_no TEXT,
        reason TEXT,
        PRIMARY KEY (job_id, row_no)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX idx_bulk_rows_order ON bulk_rows (job_id, order_key)",
)


def _v9_refunds(db: sqlite_utils.Database) -> None:
    for statement in _V9_STATEMENTS:
        db.execute(statement)


_V9_STATEMENTS = (
    # After-sales requests (refund only, or return and refund) on an order or one of its lines.
    """
    CREATE TABLE refunds (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        order_id INTEGER NOT NULL REFERENCES orders (id),
        platform TEXT NOT NULL,
        chat_id INTEGER NOT NULL,
        requester_id INTEGER NOT NULL,
        requester_name TEXT,
        refund_key TEXT NOT NULL UNIQUE,
        line_no INTEGER,
        sub_order_id TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('refund', 'return')),
        reason_id TEXT NOT NULL,
        reason_text TEXT NOT NULL,
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        max_fen INTEGER NOT NULL CHECK (max_fen > 0),
        description TEXT NOT NULL DEFAULT '',
        photo_count INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL CHECK (state IN ('pending_approval', 'submitting', 'unknown',
            'submitted', 'failed', 'declined', 'withdrawn')),
        platform_refund_id TEXT UNIQUE,
        status TEXT,
        raw_status TEXT,
        status_at INTEGER,
        seller_reason TEXT,
        refunded_fen INTEGER CHECK (refunded_fen >= 0),
        deadline_at INTEGER,
        deadline_kind TEXT,
        return_address TEXT,
        return_company TEXT,
        return_tracking_no TEXT,
        error TEXT,
        approval_chat_id INTEGER,
        approval_message_id INTEGER,
        decided_by INTEGER,
        decided_by_name TEXT,
        decided_at INTEGER,
        decision_reason TEXT,
        reason_prompt_message_id INTEGER,
        reason_prompt_actor_id INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    )
    """,
    "CREATE INDEX idx_refunds_chat ON refunds (chat_id, id DESC)",
    "CREATE INDEX idx_refunds_order ON refunds (order_id)",
    "CREATE INDEX idx_refunds_state ON refunds (state, status)",
    "CREATE INDEX idx_refunds_prompt ON refunds (approval_chat_id, reason_prompt_message_id)",
    # Evidence photos between the chat and the platform: checked, re-encoded, kept until sent.
    """
    CREATE TABLE refund_photos (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        owner TEXT NOT NULL,
        position INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        content BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (owner, position)
    )
    """,
)


def _v10_carts(db: sqlite_utils.Database) -> None:
    for statement in _V10_STATEMENTS:
        db.execute(statement)


_V10_STATEMENTS = (
    # Every member shares the one platform account, and so its carts: which chat (a member's
    # private chat, or a team group) each platform cart line belongs to and who added it. The
    # platform keeps the lines themselves (storage/carts.py); a line is one SKU.
    """
    CREATE TABLE cart_lines (
        platform TEXT NOT NULL CHECK (platform IN ('taobao', '1688')),
        item_id TEXT NOT NULL,
        sku_id TEXT NOT NULL,
        chat_id INTEGER NOT NULL,
        added_by INTEGER NOT NULL,
        added_by_name TEXT NOT NULL DEFAULT '',
        cart_id TEXT,
        added_at INTEGER NOT NULL,
        PRIMARY KEY (platform, item_id, sku_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX idx_cart_lines_chat ON cart_lines (chat_id, platform)",
    # An order line placed from the cart names its platform cart line (the create-from-cart
    # call takes cart ids; NULL for every other order).
    "ALTER TABLE order_lines ADD COLUMN cart_id TEXT",
)


def _v11_open_callbacks(db: sqlite_utils.Database) -> None:
    # Callbacks stored but not applied yet (they are applied at a steady pace, and those a stop
    # cut off at the next start): found without reading every event ever received.
    db.execute(
        "CREATE INDEX idx_platform_events_open ON platform_events (id) WHERE outcome IS NULL"
    )


MIGRATIONS: tuple[Migration, ...] = (
    _v1_initial_schema,
    _v2_events_and_approvals,
    _v3_durable_steps,
    _v4_flow_states,
    _v5_shipping_abroad,
    _v6_shop_promotions,
    _v7_searches,
    _v8_batches_and_bulk,
    _v9_refunds,
    _v10_carts,
    _v11_open_callbacks,
)
LATEST_VERSION = len(MIGRATIONS)


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite_utils.Database, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Apply the steps the file has not seen yet; return how many were applied (0 when current)."""
    target = len(migrations)
    current = schema_version(db)
    if current > target:
        raise SchemaTooNew(
            f"database schema is version {current}, this orderbot knows up to {target}; "
            "upgrade orderbot or use a different ORDERBOT_DB"
        )
    applied = 0
    while current < target:
        db.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have migrated meanwhile.
            current = schema_version(db)
            if current < target:
                step = migrations[current]
                step(db)
                db.execute(f"PRAGMA user_version = {current + 1}")
                log.info("applied migration %d (%s)", current + 1, step.__name__)
                applied += 1
            db.execute("COMMIT")
        except BaseException:
            db.rollback()
            raise
        current = schema_version(db)
    return applied
