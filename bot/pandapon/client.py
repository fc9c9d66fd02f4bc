"""The PandaPon platform client: signed calls, typed results, honest failure modes.

One HTTP session per process (bot/pandapon/http.py: aiohttp on the network, httpx to the
sandbox's ASGI app in-process). Reads are retried a bounded number of times with backoff;
calls that change orders or money (`Endpoint.mutating`) never are: a lost answer raises
`OutcomeUnknown` and the caller reconciles with a read.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from decimal import Decimal
from http import HTTPStatus
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from bot.pandapon import models_alibaba as ali
from bot.pandapon import models_logistics as lg
from bot.pandapon import models_search as ms
from bot.pandapon import models_taobao as tb
from bot.pandapon.after_sales import AfterSalesCalls
from bot.pandapon.cart_client import CartCalls
from bot.pandapon.endpoints import ENDPOINTS, Endpoint
from bot.pandapon.errors import (
    OutcomeUnknown,
    PlatformError,
    PlatformProtocolError,
    PlatformUnavailable,
)
from bot.pandapon.http import (
    AiohttpExchange,
    Exchange,
    HttpxExchange,
    NoAnswer,
    NotReached,
    query_text,
)
from bot.pandapon.signing import (
    DEFAULT_QUERY_RECIPE,
    DEFAULT_RECIPE,
    DEFAULT_TIMESTAMP_UNIT,
    QuerySigning,
    Signing,
    SignRecipe,
    check_timestamp_unit,
    parse_recipe,
)
from bot.pandapon.wire import Envelope, WireModel

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
SUCCESS = 200
_BACKOFF_SECONDS = 0.25


class PandaPonClient(CartCalls, AfterSalesCalls):
    def __init__(
        self,
        *,
        base_url: str,
        access_key: str,
        secret: str,
        user_id: str,
        recipe: str | SignRecipe = DEFAULT_RECIPE,
        timestamp_unit: str = DEFAULT_TIMESTAMP_UNIT,
        query_recipe: str = DEFAULT_QUERY_RECIPE,
        query_timestamp_unit: str = DEFAULT_TIMESTAMP_UNIT,
        timeout: float = 15.0,
        read_retries: int = 2,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._signing = Signing(
            parse_recipe(recipe) if isinstance(recipe, str) else recipe,
            check_timestamp_unit(timestamp_unit),
        )
        self._query_signing = QuerySigning.of(query_recipe, query_timestamp_unit)
        self._access_key = access_key
        self._secret = secret
        self._user_id = user_id
        self._read_retries = read_retries
        self._http: Exchange = (
            AiohttpExchange(base_url.rstrip("/"), timeout)
            if transport is None
            else HttpxExchange(base_url.rstrip("/"), timeout, transport)
        )

    @classmethod
    def from_settings(cls, settings: Any, **overrides: Any) -> PandaPonClient:
        values: dict[str, Any] = {
            "base_url": settings.pandapon_base_url,
            "access_key": settings.pandapon_access_key,
            "secret": settings.pandapon_access_secret.get_secret_value(),
            "user_id": settings.pandapon_user_id,
            "recipe": settings.pandapon_sign_recipe,
            "timestamp_unit": settings.pandapon_timestamp_unit,
            "query_recipe": settings.pandapon_query_sign_recipe,
            "query_timestamp_unit": settings.pandapon_query_timestamp_unit,
            "timeout": settings.pandapon_timeout_seconds,
            "read_retries": settings.pandapon_read_retries,
        }
        return cls(**(values | overrides))

    @property
    def signing(self) -> Signing:
        return self._signing

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> PandaPonClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # --- transport -----------------------------------------------------------------------

    async def call(
        self,
        name: str,
        *,
        params: dict[str, Any] | None = None,
        body: WireModel | dict[str, Any] | None = None,
        path_params: dict[str, Any] | None = None,
        signing: Signing | QuerySigning | None = None,
    ) -> Any:
        """Send one signed call and return the envelope's `data` (raises on code != 200).

        `path_params` fill the endpoint's path template (`/…/cancel/{refundId}`); `signing`
        replaces the configured recipe and timestamp unit for this call (doctor): a Signing for
        header-signed endpoints, a QuerySigning for query-signed ones."""
        endpoint = ENDPOINTS[name]
        path = endpoint.url_path(path_params)
        payload = body.to_wire() if isinstance(body, WireModel) else body
        query = {k: v for k, v in (params or {}).items() if v is not None}
        attempts = 1 if endpoint.mutating else 1 + self._read_retries
        for attempt in range(1, attempts + 1):
            try:
                return await self._send_once(name, endpoint, path, query, payload, signing)
            except PlatformUnavailable:
                if attempt == attempts:
                    raise
                await asyncio.sleep(_BACKOFF_SECONDS * 2 ** (attempt - 1))
        raise AssertionError("unreachable")

    async def _send_once(
        self,
        name: str,
        endpoint: Endpoint,
        path: str,
        query: dict[str, Any],
        payload: dict[str, Any] | None,
        signing: Signing | QuerySigning | None,
    ) -> Any:
        content = None if payload is None else json.dumps(payload, ensure_ascii=False).encode()
        if endpoint.auth == "query":
            # No signed headers: `timestamp` and `sign` in the query. The account is named by
            # the unsigned access-key and user-id headers (assumed: the docs show no other way).
            query_signing = signing if isinstance(signing, QuerySigning) else self._query_signing
            query = query | query_signing.params(
                access_key=self._access_key,
                secret=self._secret,
                user_id=self._user_id,
                body=(content or b"").decode(),
            )
            headers = {"access-key": self._access_key, "user-id": self._user_id}
        else:
            header_signing = signing if isinstance(signing, Signing) else self._signing
            headers = header_signing.headers(
                access_key=self._access_key, secret=self._secret, user_id=self._user_id
            )
        started = time.perf_counter()
        query = {key: query_text(value) for key, value in query.items()}
        try:
            status, answer = await self._http.send(endpoint.method, path, query, content, headers)
        except NotReached as exc:  # never reached the platform: nothing happened
            raise PlatformUnavailable(f"{name}: cannot connect to the platform ({exc})") from exc
        except NoAnswer as exc:  # timeouts, dropped connections
            if endpoint.mutating:
                raise OutcomeUnknown(f"{name}: no answer from the platform ({exc})") from exc
            raise PlatformUnavailable(f"{name}: no answer from the platform ({exc})") from exc
        elapsed_ms = (time.perf_counter() - started) * 1000
        if status >= 500:
            message = f"{name}: platform answered HTTP {status}"
            if endpoint.mutating:
                raise OutcomeUnknown(message)
            raise PlatformUnavailable(message)
        envelope = self._parse_envelope(name, endpoint, status, answer)
        log.info(
            "platform %s %s -> code %s in %.0f ms (request %s)",
            endpoint.method,
            path,
            envelope.code,
            elapsed_ms,
            envelope.requestId,
        )
        if envelope.code != SUCCESS:
            raise PlatformError(envelope.code, envelope.msg or "", envelope.requestId)
        return envelope.data

    @staticmethod
    def _parse_envelope(name: str, endpoint: Endpoint, status: int, answer: bytes) -> Envelope:
        try:
            raw = json.loads(answer, parse_float=Decimal)
            return Envelope.model_validate(raw)
        except (ValueError, ValidationError) as exc:
            text = answer[:400].decode("utf-8", errors="replace")[:200]
            message = f"{name}: HTTP {status} without a platform envelope ({text!r})"
            if endpoint.mutating and status == HTTPStatus.OK:
                raise OutcomeUnknown(message) from exc
            raise PlatformProtocolError(message) from exc

    async def _typed(self, model: type[M], name: str, **kwargs: Any) -> M:
        data = await self.call(name, **kwargs)
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise PlatformProtocolError(f"{name}: unexpected data shape: {exc}") from exc

    # --- Taobao --------------------------------------------------------------------------

    async def taobao_product(self, item_id: str) -> tb.TaobaoProduct:
        return await self._typed(tb.TaobaoProduct, "taobao.product.get", params={"itemId": item_id})

    async def taobao_batch_check(self, items: list[tb.BatchCheckItem]) -> tb.BatchCheckResult:
        body = tb.BatchCheckRequest(params=items)
        return await self._typed(tb.BatchCheckResult, "taobao.product.batch_check", body=body)

    async def taobao_render(self, request: tb.RenderRequest) -> tb.RenderResult:
        return await self._typed(tb.RenderResult, "taobao.order.render", body=request)

    async def taobao_create_order(self, request: tb.CreateOrderRequest) -> tb.CreateOrderResult:
        return await self._typed(tb.CreateOrderResult, "taobao.order.create", body=request)

    async def taobao_order_detail(self, order_id: str) -> tb.TaobaoOrder:
        return await self._typed(
            tb.TaobaoOrder, "taobao.order.detail", params={"orderId": order_id}
        )

    async def taobao_order_list(
        self,
        *,
        page_no: int = 1,
        page_size: int = 20,
        seller_order_number: str | None = None,
        status: str | None = None,
    ) -> tb.TaobaoOrderPage:
        params = {
            "pageNo": page_no,
            "pageSize": page_size,
            "sellerOrderNumber": seller_order_number,
            "status": status,
        }
        return await self._typed(tb.TaobaoOrderPage, "taobao.order.list", params=params)

    async def taobao_cancel(self, order_id: str, reason: str, remark: str | None = None) -> bool:
        body = tb.CancelOrderRequest(order_id=order_id, cancel_reason=reason, cancel_remark=remark)
        return bool(await self.call("taobao.order.cancel", body=body))

    async def taobao_pay(self, order_ids: list[str]) -> tb.PayOrderResult:
        body = tb.PayOrderRequest(order_id_list=order_ids)
        return await self._typed(tb.PayOrderResult, "taobao.order.pay", body=body)

    async def taobao_logistics(self, sub_purchase_order_id: str) -> tb.LogisticsDetail:
        params = {"subPurchaseOrderId": sub_purchase_order_id}
        return await self._typed(tb.LogisticsDetail, "taobao.order.logistics", params=params)

    async def taobao_im_link(self, biz_id: str, source_type: str = "order") -> str:
        body = tb.ImLinkRequest(source_type=source_type, biz_id=biz_id)
        data = await self.call("taobao.order.im_link", body=body)
        if not isinstance(data, str) or not data.startswith(("http://", "https://")):
            raise PlatformProtocolError(f"taobao.order.im_link: not a URL: {data!r}")
        return data

    async def taobao_update_warehouse(self, request: tb.UpdateWarehouseRequest) -> None:
        await self.call("taobao.order.update_warehouse", body=request)

    async def taobao_refund_list(self, request: tb.RefundListRequest) -> tb.RefundPage:
        return await self._typed(tb.RefundPage, "taobao.refund.list", body=request)

    async def address_add_or_update(self, request: tb.AddressUpsertRequest) -> None:
        await self.call("address.add_or_update", body=request)

    async def address_list(self) -> list[lg.PlatformAddress]:
        data = await self.call("address.list")
        if not isinstance(data, list):
            raise PlatformProtocolError(f"address.list: not a list: {data!r:.200}")
        try:
            return [lg.PlatformAddress.model_validate(entry) for entry in data]
        except ValidationError as exc:
            raise PlatformProtocolError(f"address.list: unexpected data shape: {exc}") from exc

    # --- warehouse logistics (query-signed) ----------------------------------------------

    async def freight_estimate(self, request: lg.ItemPriceRequest) -> lg.ItemPriceResult:
        return await self._typed(lg.ItemPriceResult, "logistics.item_price", body=request)

    async def freight_render(self, request: lg.RenderFreightRequest) -> lg.RenderFreightResult:
        return await self._typed(lg.RenderFreightResult, "logistics.render_freight", body=request)

    async def freight_book(self, request: lg.BookFreightRequest) -> lg.BookFreightResult:
        return await self._typed(lg.BookFreightResult, "logistics.book_freight", body=request)

    async def update_domestic_logistics(self, request: lg.UpdateLogisticRequest) -> None:
        await self.call("logistics.update_domestic", body=request)

    # --- 1688 ----------------------------------------------------------------------------

    async def alibaba_product(self, offer_id: int, country: str = "en") -> ali.AlibabaProduct:
        body = ali.ProductDetailRequest(offer_id=offer_id, country=country)
        return await self._typed(ali.AlibabaProduct, "alibaba.product.detail", body=body)

    # --- finding goods ---------------------------------------------------------------------

    async def taobao_search(self, request: ms.TaobaoSearchRequest) -> ms.TaobaoSearchPage:
        return await self._typed(ms.TaobaoSearchPage, "taobao.product.search", body=request)

    async def alibaba_keyword_search(
        self, request: ms.AlibabaKeywordRequest
    ) -> ms.AlibabaSearchPage:
        return await self._typed(ms.AlibabaSearchPage, "alibaba.product.keywords", body=request)

    async def alibaba_seller_offers(self, request: ms.SellerOfferRequest) -> ms.AlibabaSearchPage:
        name = "alibaba.product.seller_offers"
        return await self._typed(ms.AlibabaSearchPage, name, body=request)

    async def alibaba_image_search(self, request: ms.ImageQueryRequest) -> ms.AlibabaSearchPage:
        """The results are the envelope's `data.data` (the page's list)."""
        name = "alibaba.product.image_query"
        return await self._typed(ms.AlibabaSearchPage, name, body=request)

    async def alibaba_seller_nick(self, offer_id: int, open_uid: str) -> str:
        """The Wangwang nickname of the seller behind `open_uid` (their sellerOpenId)."""
        body = ms.OpenUidDecryptRequest(offer_id=offer_id, open_uid=open_uid)
        data = await self.call("alibaba.product.openuid_decrypt", body=body)
        try:
            return ms.OpenUidDecryptResult.of(data).wangwang_nick
        except ValidationError as exc:
            name = "alibaba.product.openuid_decrypt"
            raise PlatformProtocolError(f"{name}: unexpected data shape: {exc}") from exc

    async def alibaba_preview(self, request: ali.PreviewRequest) -> ali.PreviewResult:
        return await self._typed(ali.PreviewResult, "alibaba.order.preview", body=request)

    async def alibaba_preview_batch(self, request: ali.PreviewRequest) -> ali.PreviewResult:
        return await self._typed(ali.PreviewResult, "alibaba.order.preview_batch", body=request)

    async def alibaba_create_order(self, request: ali.CreateOrderRequest) -> ali.CreateOrderResult:
        return await self._typed(ali.CreateOrderResult, "alibaba.order.create", body=request)

    async def alibaba_batch_create(self, request: ali.CreateOrderRequest) -> ali.BatchCreateResult:
        return await self._typed(ali.BatchCreateResult, "alibaba.order.batch_create", body=request)

    async def alibaba_batch_pay(self, order_ids: list[str]) -> ali.BatchPayResult:
        body = ali.BatchPayRequest(order_ids=order_ids)
        return await self._typed(ali.BatchPayResult, "alibaba.order.batch_pay", body=body)

    async def alibaba_pay_url(self, order_id: str) -> ali.PayUrl:
        params = {"orderId": order_id}
        return await self._typed(ali.PayUrl, "alibaba.order.pay_url", params=params)

    async def alibaba_cancel(self, order_id: str, reason: str, remark: str | None = None) -> bool:
        body = ali.CancelRequest(order_id=int(order_id), cancel_reason=reason, remark=remark)
        return bool(await self.call("alibaba.order.cancel", body=body))

    async def alibaba_receive_goods(
        self, order_id: str, entry_ids: list[int] | None = None
    ) -> ali.ReceiveGoodsResult:
        body = ali.ReceiveGoodsRequest(order_id=int(order_id), order_entry_ids=entry_ids or [])
        return await self._typed(ali.ReceiveGoodsResult, "alibaba.order.receive_goods", body=body)

    async def alibaba_order_detail(self, order_id: str) -> ali.OrderDetail:
        body = ali.DetailRequest(order_id=order_id)
        return await self._typed(ali.OrderDetail, "alibaba.order.detail", body=body)

    async def alibaba_order_list(
        self,
        *,
        page_no: int = 1,
        page_size: int = 20,
        order_status: str | None = None,
        out_order_id: str | None = None,
    ) -> ali.OrderPage:
        body = ali.ListRequest(
            page_no=page_no,
            page_size=page_size,
            order_status=order_status,
            out_order_id=out_order_id,
        )
        return await self._typed(ali.OrderPage, "alibaba.order.list", body=body)

    async def alibaba_logistics(self, order_id: str) -> ali.Logistics:
        params = {"orderId": order_id}
        return await self._typed(ali.Logistics, "alibaba.order.logistics", params=params)
