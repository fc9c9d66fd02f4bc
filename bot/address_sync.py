"""Saved addresses kept in step with the platform's address book (§3.8 "Foundations").

Each revision of a saved address is sent once with `/open/address/addOrUpdate` (created the
first time, updated under the platform's id after that), through bot.platform_calls. The call
answers only `{code, msg}`, so the platform's id of a new entry is read back from its book
(`/open/address/list`, assumed) — the same read settles an answer that was lost. A platform
failure changes nothing locally: the address stays as saved, marked "not synced", and is sent
again by the retry job or the member's "Sync now".
"""

from __future__ import annotations

import logging

from bot.domain.receiver import Receiver, to_taobao_wire
from bot.pandapon import models_logistics as lg
from bot.pandapon import models_taobao as tb
from bot.pandapon.client import PandaPonClient
from bot.pandapon.errors import PandaPonError
from bot.platform_calls import ActionOutcome, PlatformCalls
from storage.actions import ActionRecord
from storage.addresses import AddressRepository, StoredAddress

log = logging.getLogger(__name__)

ADDRESS_SYNC = "address_sync"


def book_entry(stored: StoredAddress) -> tb.AddressUpsertRequest:
    """The platform's fields for a saved receiver (the phone as the order calls send it)."""
    receiver = Receiver.model_validate_json(stored.receiver_json)
    wire = to_taobao_wire(receiver)
    street = (
        receiver.address
        if receiver.country == "中国"
        else (f"{receiver.address}, {receiver.zip}, {receiver.country}")
    )
    return tb.AddressUpsertRequest(
        id=stored.platform_address_id,
        name=receiver.name,
        province=receiver.state,
        city=receiver.city,
        district=receiver.district,
        address=street,
        phone=wire["mobile_phone"],
    )


def _same(entry: lg.PlatformAddress, wanted: tb.AddressUpsertRequest) -> bool:
    fields = ("name", "province", "city", "district", "address", "phone")
    return all(getattr(entry, f) == getattr(wanted, f) for f in fields)


class AddressSync:
    def __init__(
        self, client: PandaPonClient, addresses: AddressRepository, calls: PlatformCalls
    ) -> None:
        self.client = client
        self.addresses = addresses
        self.calls = calls
        calls.register(ADDRESS_SYNC, self._check)

    async def sync(self, stored: StoredAddress) -> ActionOutcome:
        """Send this revision to the platform's book (at most once per revision and try)."""
        entry = book_entry(stored)
        revision = stored.revision

        async def call() -> dict:
            await self.client.address_add_or_update(entry)
            platform_id = stored.platform_address_id
            if platform_id is None:
                try:
                    platform_id = await self._find(entry)
                except PandaPonError as exc:  # it is in the book; only its id is not known
                    log.warning("address %s: created, id not read back: %s", stored.id, exc)
            self.addresses.mark_synced(stored.id, revision, platform_id)
            return {"platform_id": platform_id, "revision": revision}

        outcome = await self.calls.run(
            ADDRESS_SYNC,
            f"{ADDRESS_SYNC}:{stored.id}:r{revision}",
            call,
            requester_id=stored.user_id,
            payload={"address_id": stored.id, "revision": revision},
        )
        self.settled(outcome)
        return outcome

    def settled(self, outcome: ActionOutcome) -> None:
        """Keep the local entry's sync state in step with how the call ended."""
        address_id = outcome.record.payload.get("address_id")
        revision = outcome.record.payload.get("revision")
        if address_id is None or revision is None:
            return
        if outcome.state in ("failed", "not_done"):
            reason = outcome.reason or outcome.state
            self.addresses.mark_sync_failed(address_id, revision, reason)
            log.info("address %s r%s: not synced (%s)", address_id, revision, reason)

    async def retry_unsynced(self) -> int:
        """Send every address the platform does not have yet; how many it took now."""
        synced = 0
        for stored in self.addresses.unsynced():
            outcome = await self.sync(stored)
            synced += outcome.state == "done"
        return synced

    async def _find(self, wanted: tb.AddressUpsertRequest) -> int | None:
        """The platform's id of an entry with these fields that no saved address claims."""
        claimed = self.addresses.platform_ids()
        for entry in await self.client.address_list():
            if entry.id not in claimed and _same(entry, wanted):
                return entry.id
        return None

    async def _check(self, record: ActionRecord) -> tuple[bool, dict | None]:
        """Did a lost addOrUpdate happen? The platform's book shows this revision or not."""
        stored = self.addresses.by_id(record.payload.get("address_id", -1))
        if stored is None:
            return False, None
        wanted = book_entry(stored)
        if stored.platform_address_id is not None:
            entries = {entry.id: entry for entry in await self.client.address_list()}
            entry = entries.get(stored.platform_address_id)
            found = stored.platform_address_id if entry and _same(entry, wanted) else None
        else:
            found = await self._find(wanted)
        if found is None:
            return False, None
        self.addresses.mark_synced(stored.id, record.payload["revision"], found)
        return True, {"platform_id": found, "revision": record.payload["revision"]}
