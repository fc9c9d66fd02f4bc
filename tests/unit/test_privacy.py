"""What of a receiver a group may read: mobiles masked, streets cut before the number."""

from __future__ import annotations

import pytest

from bot.domain.abroad import AbroadReceiver
from bot.domain.privacy import mask_phone, mask_receiver_field, shorten_street
from bot.domain.receiver import build_receiver, format_receiver


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("+8613812345678", "138****5678"),  # China: the national number, as people write it
        ("13812345678", "138****5678"),
        ("+66812345678", "+66 812****5678"),  # abroad the country code stays
        ("+6591234567", "+65 91****67"),
        ("0571-88889999", "057****9999"),  # a landline as typed
        ("12345", "****"),
        ("", "****"),
    ],
)
def test_a_phone_keeps_only_its_ends(number, shown):
    assert mask_phone(number) == shown


@pytest.mark.parametrize(
    ("street", "shown"),
    [
        ("文一西路969号", "文一西路…"),
        ("余杭区文一西路969号阿里巴巴西溪园区5号楼", "余杭区文一西路…"),
        ("智溢路西部科技园", "智溢路西…"),  # no number: the first half
        ("969 Wenyi West Rd, Room 1203", "Wenyi West Rd…"),
        ("No. 12 Xixi Road", "Xixi Road…"),
        ("Room 1203, 969 Wenyi West Road, Yuhang District, Hangzhou", "Room…"),
    ],
)
def test_a_street_is_cut_before_its_house_number(street, shown):
    assert shorten_street(street) == shown


def test_every_shortened_street_is_shorter_and_has_no_digits():
    for street in ("1", "12", "A1", "文一西路969号", "x" * 200, "Blk 5 #12-01 Raffles"):
        shown = shorten_street(street)
        assert shown.endswith("…") and not any(ch.isdigit() for ch in shown)
        assert len(shown) <= len(street) + 1


def test_only_numbers_and_the_street_are_masked():
    assert mask_receiver_field("name", "张三") == "张三"
    assert mask_receiver_field("city", "杭州市") == "杭州市"
    assert mask_receiver_field("zip", "311121") == "311121"
    assert mask_receiver_field("phone", "") == ""


def test_a_masked_receiver_reads_like_the_full_one_without_the_private_parts():
    receiver = build_receiver(
        name="张三",
        mobile="13812345678",
        phone="0571-88889999",
        state="浙江省",
        city="杭州市",
        district="余杭区",
        address="文一西路969号",
        zip="311121",
    )
    assert format_receiver(receiver).splitlines() == [
        "张三",
        "+86 138 1234 5678 / 0571-88889999",
        "浙江省 杭州市 余杭区",
        "文一西路969号",
        "311121 中国",
    ]
    assert format_receiver(receiver, masked=True).splitlines() == [
        "张三",
        "138****5678 / 057****9999",
        "浙江省 杭州市 余杭区",
        "文一西路…",
        "311121 中国",
    ]


def test_a_receiver_abroad_is_masked_too_and_loses_its_tax_id():
    receiver = AbroadReceiver.build(
        "BR",
        {
            "name": "Ana Souza",
            "mobile": "+55 11 91234 5678",
            "address1": "Rua Augusta 1500",
            "address2": "Apto 12",
            "city": "São Paulo",
            "state": "SP",
            "zip": "01304-001",
            "tax_id": "12345678901",
        },
    )
    full = receiver.lines()
    assert "Rua Augusta 1500" in full and "Apto 12" in full and "CPF/CNPJ 12345678901" in full
    masked = receiver.lines(masked=True)
    assert masked[:3] == ["Ana Souza", "+55 119****5678", "Rua Augusta…"]
    assert not any("12345678901" in row or "Apto" in row or "1500" in row for row in masked)
    assert "São Paulo SP 01304-001" in masked
