"""SQLite storage: one file, versioned schema, small repositories, and PTB persistence."""

from storage.addresses import (
    MAX_ADDRESSES_PER_USER,
    AddressBookError,
    AddressBookFull,
    AddressLabelTaken,
    AddressRepository,
    StoredAddress,
)
from storage.db import now_ms, open_database, write_transaction
from storage.drafts import DraftRepository
from storage.migrations import LATEST_VERSION, SchemaTooNew, migrate, schema_version
from storage.order_records import (
    FINAL_ORDER_STATES,
    ORDER_STATES,
    PLATFORMS,
    STATE_CANCELLED_BEFORE_SUBMIT,
    STATE_PENDING_APPROVAL,
    STATE_REJECTED,
    STATE_SUBMITTED,
    STATE_SUBMITTING,
    STATE_UNKNOWN,
    SUBMISSION_PENDING,
    SUBMISSION_REJECTED,
    SUBMISSION_STATES,
    SUBMISSION_SUBMITTED,
    SUBMISSION_UNKNOWN,
    LineResult,
    NewOrder,
    NewOrderLine,
    StoredOrder,
    StoredOrderLine,
    Submission,
)
from storage.orders import OrderRepository
from storage.persistence import DEFAULT_STORE, SQLitePersistence
from storage.preferences import PreferenceRepository

__all__ = [
    "DEFAULT_STORE",
    "FINAL_ORDER_STATES",
    "LATEST_VERSION",
    "MAX_ADDRESSES_PER_USER",
    "ORDER_STATES",
    "PLATFORMS",
    "STATE_CANCELLED_BEFORE_SUBMIT",
    "STATE_PENDING_APPROVAL",
    "STATE_REJECTED",
    "STATE_SUBMITTED",
    "STATE_SUBMITTING",
    "STATE_UNKNOWN",
    "SUBMISSION_PENDING",
    "SUBMISSION_REJECTED",
    "SUBMISSION_STATES",
    "SUBMISSION_SUBMITTED",
    "SUBMISSION_UNKNOWN",
    "AddressBookError",
    "AddressBookFull",
    "AddressLabelTaken",
    "AddressRepository",
    "DraftRepository",
    "LineResult",
    "NewOrder",
    "NewOrderLine",
    "OrderRepository",
    "PreferenceRepository",
    "SQLitePersistence",
    "SchemaTooNew",
    "StoredAddress",
    "StoredOrder",
    "StoredOrderLine",
    "Submission",
    "migrate",
    "now_ms",
    "open_database",
    "schema_version",
    "write_transaction",
]
