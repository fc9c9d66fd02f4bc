import json

import pytest
from pydantic import ValidationError

from bot.domain.receiver import (
    CHINA,
    ParsedAddress,
    Receiver,
    ReceiverError,
    build_receiver,
    format_receiver,
    is_optional_field,
    parse_address_block,
    receiver_error,
    to_1688_wire,
    to_taobao_wire,
    validate_field,
    validate_mobile,
    zip_required,
)
from bot.domain.regions import PROVINCES, province_for, split_region

GOOD = {
    "name": "张三",
    "mobile": "13812345678",
    "state": "浙江省",
    "city": "杭州市",
    "district": "余杭区",
    "address": "文一西路969号",
    "zip": "311121",
}


# --- mobile ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "region", "e164"),
    [
        ("13812345678", "CN", "+8613812345678"),
        ("+86 138-1234-5678", "CN", "+8613812345678"),
        ("+86 138 1234 5678", "CN", "+8613812345678"),
        ("0086 13812345678", "CN", "+8613812345678"),
        ("008613812345678", "CN", "+8613812345678"),
        ("(+86) 138.1234.5678", "CN", "+8613812345678"),
        ("１３８１２３４５６７８", "CN", "+8613812345678"),
        ("19912345678", "CN", "+8619912345678"),
        ("16212345678", "CN", "+8616212345678"),
        ("0812345678", "TH", "+66812345678"),
        ("+66 81 234 5678", "CN", "+66812345678"),
        ("0066812345678", "TH", "+66812345678"),
        ("+65 9123 4567", "CN", "+6591234567"),
        ("+1 202-555-0123", "CN", "+12025550123"),  # US numbers may be either kind
    ],
)
def test_validate_mobile_accepts(text: str, region: str, e164: str) -> None:
    assert validate_mobile(text, default_region=region) == e164


@pytest.mark.parametrize(
    ("text", "region", "code"),
    [
        ("", "CN", "receiver.mobile.empty"),
        ("   ", "CN", "receiver.mobile.empty"),
        ("1381234567", "CN", "receiver.mobile.too_short"),
        ("138123", "CN", "receiver.mobile.too_short"),
        ("12", "CN", "receiver.mobile.too_short"),
        ("138123456789", "CN", "receiver.mobile.too_long"),
        ("14012345678", "CN", "receiver.mobile.invalid"),
        ("0571-88888888", "CN", "receiver.mobile.not_mobile"),
        ("+86 10 8888 8888", "CN", "receiver.mobile.not_mobile"),
        ("call me", "CN", "receiver.mobile.invalid"),
        ("138-CALL-NOW", "CN", "receiver.mobile.invalid"),
        ("+999 1234567", "CN", "receiver.mobile.invalid"),
        ("0812345678", "CN", "receiver.mobile.invalid"),  # a Thai number read as Chinese
    ],
)
def test_validate_mobile_rejects(text: str, region: str, code: str) -> None:
    with pytest.raises(ReceiverError) as caught:
        validate_mobile(text, default_region=region)
    assert caught.value.code == code
    assert caught.value.params["field"] == "mobile"
    assert caught.value.message


# --- step-by-step fields --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "text", "country", "value"),
    [
        ("name", "  张三 ", CHINA, "张三"),
        ("name", "Zhang   San", CHINA, "Zhang San"),
        ("name", "a测试aa", CHINA, "a测试aa"),
        ("name", "李" * 50, CHINA, "李" * 50),
        ("name", "Agent 007", CHINA, "Agent 007"),
        ("mobile", "138 1234 5678", CHINA, "+8613812345678"),
        ("mobile", "0812345678", "Thailand", "+66812345678"),
        ("mobile", "0812345678", "TH", "+66812345678"),
        ("phone", "", CHINA, ""),
        ("phone", "0571-88888888 ext 12", CHINA, "0571-88888888 ext 12"),
        ("country", "中国", CHINA, CHINA),
        ("country", "China", CHINA, CHINA),
        ("country", "china", CHINA, CHINA),
        ("country", "CN", CHINA, CHINA),
        ("country", "PRC", CHINA, CHINA),
        ("country", "Thailand", CHINA, "Thailand"),
        ("state", "浙江省", CHINA, "浙江省"),
        ("state", "浙江", CHINA, "浙江省"),
        ("state", "Zhejiang", CHINA, "浙江省"),
        ("state", "Zhejiang Province", CHINA, "浙江省"),
        ("state", "上海", CHINA, "上海市"),
        ("state", "广西", CHINA, "广西壮族自治区"),
        ("state", "Inner Mongolia", CHINA, "内蒙古自治区"),
        ("state", "Bangkok", "Thailand", "Bangkok"),
        ("city", "杭州市", CHINA, "杭州市"),
        ("city", " Hangzhou ", CHINA, "Hangzhou"),
        ("district", "余杭区", CHINA, "余杭区"),
        ("district", "", CHINA, ""),
        ("address", "文一西路969号", CHINA, "文一西路969号"),
        ("address", "969 Wenyi  West Rd", CHINA, "969 Wenyi West Rd"),
        ("address", "a" * 200, CHINA, "a" * 200),
        ("zip", "311121", CHINA, "311121"),
        ("zip", "３１１１２１", CHINA, "311121"),
        ("zip", "311 121", CHINA, "311121"),
        ("zip", "10110", "Thailand", "10110"),
        ("zip", "sw1a 1aa", "United Kingdom", "SW1A 1AA"),
        ("zip", "123-4567", "Japan", "123-4567"),
    ],
)
def test_validate_field_accepts(field: str, text: str, country: str, value: str) -> None:
    assert validate_field(field, text, country=country) == value


@pytest.mark.parametrize(
    ("field", "text", "country", "code"),
    [
        ("name", "", CHINA, "receiver.name.empty"),
        ("name", "   ", CHINA, "receiver.name.empty"),
        ("name", "李" * 51, CHINA, "receiver.name.too_long"),
        ("name", "13812345678", CHINA, "receiver.name.digits_only"),
        ("name", "138 1234 5678", CHINA, "receiver.name.digits_only"),
        ("name", "!!!", CHINA, "receiver.name.invalid"),
        ("mobile", "", CHINA, "receiver.mobile.empty"),
        ("phone", "1" * 31, CHINA, "receiver.phone.too_long"),
        ("country", "", CHINA, "receiver.country.empty"),
        ("country", "x" * 51, CHINA, "receiver.country.too_long"),
        ("state", "", CHINA, "receiver.state.empty"),
        ("state", "Atlantis", CHINA, "receiver.state.unknown_province"),
        ("state", "杭州", CHINA, "receiver.state.unknown_province"),
        ("state", "x" * 51, "Thailand", "receiver.state.too_long"),
        ("city", "", CHINA, "receiver.city.empty"),
        ("city", "城" * 51, CHINA, "receiver.city.too_long"),
        ("district", "区" * 51, CHINA, "receiver.district.too_long"),
        ("address", "", CHINA, "receiver.address.empty"),
        ("address", "1号", CHINA, "receiver.address.too_short"),
        ("address", "a" * 201, CHINA, "receiver.address.too_long"),
        ("zip", "", "Singapore", "receiver.zip.empty"),
        ("zip", "31112", CHINA, "receiver.zip.invalid_cn"),
        ("zip", "3111211", CHINA, "receiver.zip.invalid_cn"),
        ("zip", "ABCDEF", CHINA, "receiver.zip.invalid_cn"),
        ("zip", "12", "Thailand", "receiver.zip.invalid"),
        ("zip", "12345678901", "Thailand", "receiver.zip.invalid"),
        ("zip", "10110!", "Thailand", "receiver.zip.invalid"),
        ("zip", "-1011", "Thailand", "receiver.zip.invalid"),
    ],
)
def test_validate_field_rejects(field: str, text: str, country: str, code: str) -> None:
    with pytest.raises(ReceiverError) as caught:
        validate_field(field, text, country=country)
    assert caught.value.code == code
    assert caught.value.params["field"] == field
    assert caught.value.message


def test_length_errors_carry_their_limit() -> None:
    with pytest.raises(ReceiverError) as caught:
        validate_field("address", "1号")
    assert caught.value.params == {"field": "address", "minimum": 4}
    with pytest.raises(ReceiverError) as caught:
        validate_field("name", "n" * 60)
    assert caught.value.params == {"field": "name", "maximum": 50}


def test_validate_field_unknown_name_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        validate_field("email", "a@b.c")


# --- model ----------------------------------------------------------------------------------


def test_receiver_normalizes_its_fields() -> None:
    receiver = Receiver(
        **{**GOOD, "mobile": "+86 138-1234-5678", "state": "浙江", "zip": "311 121"}
    )
    assert receiver.mobile == "+8613812345678"
    assert receiver.state == "浙江省"
    assert receiver.zip == "311121"
    assert receiver.country == CHINA
    assert receiver.phone == ""


def test_receiver_country_aliases_and_foreign_receiver() -> None:
    assert Receiver(**GOOD, country="China").country == CHINA
    thai = Receiver(
        name="Somchai",
        mobile="0812345678",
        country="Thailand",
        state="Bangkok",
        city="Bangkok",
        address="99 Sukhumvit Rd",
        zip="10110",
    )
    assert thai.mobile == "+66812345678"
    assert thai.zip == "10110"


def test_receiver_errors_keep_our_code() -> None:
    with pytest.raises(ValidationError) as caught:
        Receiver(**{**GOOD, "zip": "12345"})
    error = receiver_error(caught.value)
    assert error.code == "receiver.zip.invalid_cn"
    assert error.params["field"] == "zip"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"name": "12345"}, "receiver.name.digits_only"),
        ({"mobile": "0571-88888888"}, "receiver.mobile.not_mobile"),
        ({"address": "号"}, "receiver.address.too_short"),
        ({"state": "Atlantis"}, "receiver.state.unknown_province"),
        ({"zip": 311121.0}, "receiver.zip.invalid"),
        ({"name": None}, "receiver.name.empty"),
    ],
)
def test_build_receiver_raises_receiver_errors(changes: dict[str, object], code: str) -> None:
    with pytest.raises(ReceiverError) as caught:
        build_receiver(**{**GOOD, **changes})
    assert caught.value.code == code


def test_build_receiver_missing_field() -> None:
    fields = dict(GOOD)
    del fields["address"]
    with pytest.raises(ReceiverError) as caught:
        build_receiver(**fields)
    assert caught.value.code == "receiver.address.empty"
    assert caught.value.params == {"field": "address"}


def test_the_postal_code_may_be_left_out_where_addresses_need_none() -> None:
    fields = {**GOOD, "mobile": "+8613812345678"}
    del fields["zip"]
    assert build_receiver(**fields).zip == ""  # China: routed by province, city, district
    assert build_receiver(**fields, country="Thailand").zip == ""
    with pytest.raises(ReceiverError) as caught:  # Singapore addresses need one
        build_receiver(**fields, country="Singapore")
    assert (caught.value.code, caught.value.params) == ("receiver.zip.empty", {"field": "zip"})
    assert not format_receiver(build_receiver(**fields)).endswith(" 中国")  # no blank zip shown


def test_receiver_accepts_numbers_read_back_from_json() -> None:
    assert build_receiver(**{**GOOD, "mobile": 13812345678, "zip": 311121}).zip == "311121"


def test_receiver_json_round_trip_and_frozen() -> None:
    receiver = build_receiver(**GOOD, phone="0571-88888888")
    again = Receiver.model_validate_json(receiver.model_dump_json())
    assert again == receiver
    with pytest.raises(ValidationError):
        receiver.name = "李四"  # type: ignore[misc]


# --- wire shapes and text -------------------------------------------------------------------


def test_taobao_wire_shape() -> None:
    receiver = build_receiver(**GOOD)
    wire = to_taobao_wire(receiver)
    assert wire == {
        "zip": "311121",
        "country": "中国",
        "address": "文一西路969号",
        "city": "杭州市",
        "phone": "",
        "mobile_phone": "13812345678",
        "district": "余杭区",
        "name": "张三",
        "state": "浙江省",
    }
    # Sent as a JSON string; Chinese stays readable.
    assert '"mobile_phone": "13812345678"' in json.dumps(wire, ensure_ascii=False)


def test_taobao_wire_keeps_e164_for_foreign_mobiles() -> None:
    receiver = build_receiver(**{**GOOD, "mobile": "+66812345678"})
    assert to_taobao_wire(receiver)["mobile_phone"] == "+66812345678"


def test_1688_wire_shape() -> None:
    receiver = build_receiver(**GOOD, phone="0571-88888888")
    assert to_1688_wire(receiver) == {
        "fullName": "张三",
        "mobile": "13812345678",
        "phone": "0571-88888888",
        "postCode": "311121",
        "provinceText": "浙江省",
        "cityText": "杭州市",
        "areaText": "余杭区",
        "townText": "",
        "address": "文一西路969号",
    }


def test_format_receiver() -> None:
    receiver = build_receiver(**GOOD, phone="0571-88888888")
    assert format_receiver(receiver) == (
        "张三\n+86 138 1234 5678 / 0571-88888888\n浙江省 杭州市 余杭区\n文一西路969号\n311121 中国"
    )


def test_format_receiver_municipality_names_the_city_once() -> None:
    receiver = build_receiver(
        name="王五",
        mobile="13712345678",
        state="上海",
        city="上海市",
        district="浦东新区",
        address="张江路88弄3号101室",
        zip="200120",
    )
    assert format_receiver(receiver).splitlines()[2] == "上海市 浦东新区"


# --- address blocks -------------------------------------------------------------------------

FULL_ZHANG = {
    "name": "张三",
    "mobile": "+8613812345678",
    "country": "中国",
    "state": "浙江省",
    "city": "杭州市",
    "district": "余杭区",
    "address": "文一西路969号",
    "zip": "311121",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("张三 13812345678 浙江省杭州市余杭区文一西路969号 311121", FULL_ZHANG),
        ("张三13812345678浙江省杭州市余杭区文一西路969号311121", FULL_ZHANG),
        ("张三，13812345678，浙江省 杭州市 余杭区 文一西路969号，311121", FULL_ZHANG),
        ("浙江省杭州市余杭区文一西路969号 张三 138-1234-5678 邮编311121", FULL_ZHANG),
        ("中国浙江省杭州市余杭区文一西路969号 张三 13812345678 311121", FULL_ZHANG),
        (
            "Name: 张三\nPhone: +86 138 1234 5678\n"
            "Address: 浙江省杭州市余杭区文一西路969号\nZip: 311121",
            FULL_ZHANG,
        ),
        (
            "收货人：张三\n手机号码：13812345678\n所在地区：浙江省 杭州市 余杭区\n"
            "详细地址：文一西路969号\n邮编：311121",
            FULL_ZHANG,
        ),
        (
            "Zhang San, +86 138 1234 5678, 969 Wenyi West Rd, Yuhang District, Hangzhou, "
            "Zhejiang 311121",
            {
                **FULL_ZHANG,
                "name": "Zhang San",
                "city": "Hangzhou",
                "district": "Yuhang District",
                "address": "969 Wenyi West Rd",
            },
        ),
        (
            "王五 上海浦东新区张江路88弄3号101室 13712345678 200120",
            {
                "name": "王五",
                "mobile": "+8613712345678",
                "country": "中国",
                "state": "上海市",
                "city": "上海市",
                "district": "浦东新区",
                "address": "张江路88弄3号101室",
                "zip": "200120",
            },
        ),
        (
            "Zhang San 13712345678 北京市朝阳区建国路1号 100022",
            {
                "name": "Zhang San",
                "mobile": "+8613712345678",
                "country": "中国",
                "state": "北京市",
                "city": "北京市",
                "district": "朝阳区",
                "address": "建国路1号",
                "zip": "100022",
            },
        ),
    ],
)
def test_parse_address_block_complete(text: str, expected: dict[str, str]) -> None:
    parsed = parse_address_block(text)
    assert parsed.found() == expected
    assert parsed.missing == []
    assert parsed.complete
    # What it found builds a valid receiver as it stands.
    assert build_receiver(**parsed.found()).mobile == expected["mobile"]


def test_parse_address_block_labelled_english_address() -> None:
    parsed = parse_address_block(
        "Recipient: Zhang San\nMobile: 138 1234 5678\n"
        "Address: Sunshine Garden 3-101, 969 Wenyi West Rd, Yuhang District, Hangzhou, Zhejiang\n"
        "Postcode: 311121"
    )
    assert parsed.found() == {
        "name": "Zhang San",
        "mobile": "+8613812345678",
        "country": "中国",
        "state": "浙江省",
        "city": "Hangzhou",
        "district": "Yuhang District",
        "address": "Sunshine Garden 3-101, 969 Wenyi West Rd",
        "zip": "311121",
    }
    assert parsed.missing == []


def test_parse_address_block_foreign_address_asks_what_it_cannot_know() -> None:
    # the +66 mobile makes it a Thai address: its province and postal code are recognised
    parsed = parse_address_block("Somchai, +66 81 234 5678, 99 Sukhumvit Rd, Bangkok 10110")
    assert parsed.name == "Somchai"
    assert parsed.mobile == "+66812345678"
    assert parsed.country == "Thailand"
    assert parsed.state == "Bangkok"
    assert parsed.zip == "10110"
    assert parsed.address == "99 Sukhumvit Rd"
    assert parsed.missing == ["city", "district"]


def test_parse_address_block_short_province_and_missing_zip() -> None:
    parsed = parse_address_block("李四，13912345678，广东深圳南山区科技园科苑路15号")
    assert parsed.found() == {
        "name": "李四",
        "mobile": "+8613912345678",
        "country": "中国",
        "state": "广东省",
        "city": "深圳市",
        "district": "南山区",
        "address": "科技园科苑路15号",
    }
    assert parsed.missing == ["zip"]


def test_parse_address_block_without_province_asks_for_it() -> None:
    parsed = parse_address_block("赵六 13612345678 杭州市西湖区文三路100号 310012")
    assert parsed.city == "杭州市"
    assert parsed.district == "西湖区"
    assert parsed.state is None
    assert parsed.missing == ["state"]


def test_parse_address_block_bad_values_are_asked_again() -> None:
    # 14012345678 is not a valid mobile; the zip has 5 digits.
    parsed = parse_address_block("张三 14012345678 浙江省杭州市余杭区文一西路969号")
    assert parsed.mobile is None
    assert "mobile" in parsed.missing
    assert "zip" in parsed.missing
    assert parsed.name == "张三"


def test_parse_address_block_landline_goes_to_phone() -> None:
    parsed = parse_address_block(
        "张三 0571-88888888 13812345678 浙江省杭州市余杭区文一西路969号 311121"
    )
    assert parsed.mobile == "+8613812345678"
    assert parsed.phone == "0571-88888888"
    assert parsed.missing == []


def test_parse_address_block_nothing_useful() -> None:
    parsed = parse_address_block("hello")
    assert parsed.mobile is None
    assert set(parsed.missing) >= {"mobile", "state", "city", "address", "zip"}
    assert parse_address_block("").missing == [
        "name",
        "mobile",
        "country",
        "state",
        "city",
        "district",
        "address",
        "zip",
    ]


def test_parsed_address_round_trips_as_json() -> None:
    parsed = parse_address_block("李四，13912345678，广东深圳南山区科技园科苑路15号")
    assert ParsedAddress.model_validate_json(parsed.model_dump_json()) == parsed


# --- regions --------------------------------------------------------------------------------


def test_province_table_has_all_34() -> None:
    assert len(PROVINCES) == 34
    assert len({p.name for p in PROVINCES}) == 34
    assert sum(p.municipality for p in PROVINCES) == 4
    for province in PROVINCES:
        assert province_for(province.name) is province
        assert province_for(province.short) is province
        assert province_for(province.latin[0].title()) is province


@pytest.mark.parametrize(
    ("text", "state", "city", "district", "rest"),
    [
        ("浙江省杭州市余杭区文一西路969号", "浙江省", "杭州市", "余杭区", "文一西路969号"),
        ("浙江杭州余杭区文一西路969号", "浙江省", "杭州市", "余杭区", "文一西路969号"),
        ("广东深圳南山区科技园", "广东省", "深圳市", "南山区", "科技园"),
        ("广东省 深圳市 南山区 科技园", "广东省", "深圳市", "南山区", "科技园"),
        ("上海市浦东新区张江路88弄", "上海市", "上海市", "浦东新区", "张江路88弄"),
        ("上海上海市浦东新区张江路88弄", "上海市", "上海市", "浦东新区", "张江路88弄"),
        ("北京朝阳区建国路1号", "北京市", "北京市", "朝阳区", "建国路1号"),
        ("重庆市渝中区解放碑", "重庆市", "重庆市", "渝中区", "解放碑"),
        ("天津市市辖区和平区南京路1号", "天津市", "天津市", "和平区", "南京路1号"),
        (
            "广西壮族自治区南宁市青秀区民族大道1号",
            "广西壮族自治区",
            "南宁市",
            "青秀区",
            "民族大道1号",
        ),
        ("广西南宁市青秀区民族大道1号", "广西壮族自治区", "南宁市", "青秀区", "民族大道1号"),
        ("内蒙古呼和浩特市新城区1号", "内蒙古自治区", "呼和浩特市", "新城区", "1号"),
        (
            "吉林省延边朝鲜族自治州延吉市人民路1号",
            "吉林省",
            "延边朝鲜族自治州",
            "延吉市",
            "人民路1号",
        ),
        ("吉林市船营区某路1号", "吉林省", "吉林市", "船营区", "某路1号"),
        ("河北石家庄长安区中山东路1号", "河北省", "石家庄市", "长安区", "中山东路1号"),
        ("新疆乌鲁木齐天山区1号", "新疆维吾尔自治区", "乌鲁木齐市", "天山区", "1号"),
        ("内蒙古锡林郭勒盟锡林浩特市1号", "内蒙古自治区", "锡林郭勒盟", "锡林浩特市", "1号"),
        ("浙江省杭州市阳光小区3栋", "浙江省", "杭州市", None, "阳光小区3栋"),
        ("广东省东莞市南城街道1号", "广东省", "东莞市", None, "南城街道1号"),
        ("浙江省义乌市稠城街道1号", "浙江省", "义乌市", None, "稠城街道1号"),
        ("杭州市余杭区文一西路969号", None, "杭州市", "余杭区", "文一西路969号"),
        ("文一西路969号", None, None, None, "文一西路969号"),
        ("山西省太原市小店区1号", "山西省", "太原市", "小店区", "1号"),
        ("陕西省西安市雁塔区1号", "陕西省", "西安市", "雁塔区", "1号"),
        ("北京市东城区东长安街1号", "北京市", "北京市", "东城区", "东长安街1号"),
        ("江苏省苏州市工业园区星湖街328号", "江苏省", "苏州市", "工业园区", "星湖街328号"),
        ("湖南省长沙市宁乡市玉潭街道1号", "湖南省", "长沙市", "宁乡市", "玉潭街道1号"),
        ("济南市市中区经四路1号", None, "济南市", "市中区", "经四路1号"),
    ],
)
def test_split_region(
    text: str, state: str | None, city: str | None, district: str | None, rest: str
) -> None:
    split = split_region(text)
    assert (split.state, split.city, split.district, split.rest) == (state, city, district, rest)


# --- a pasted block whose phone is wrong ------------------------------------------------------


@pytest.mark.parametrize(
    ("phone", "code"),
    [
        ("1381234567", "receiver.mobile.too_short"),
        ("138123456789", "receiver.mobile.too_long"),
        ("+86 138 1234 567", "receiver.mobile.too_short"),
        ("0571-88889999", "receiver.mobile.not_mobile"),  # a landline, kept as such
    ],
)
def test_a_bad_phone_in_a_block_is_reported_not_folded_into_the_street(phone, code):
    parsed = parse_address_block(f"张三 {phone} 浙江省杭州市余杭区文一西路969号 311121")
    assert [problem.code for problem in parsed.problems] == [code]
    assert parsed.problems[0].params["field"] == "mobile"
    assert parsed.address == "文一西路969号" and parsed.zip == "311121"
    assert parsed.missing == ["mobile"]


def test_a_good_block_has_no_problems():
    parsed = parse_address_block("张三 13812345678 浙江省杭州市余杭区文一西路969号 311121")
    assert parsed.problems == [] and parsed.complete


@pytest.mark.parametrize(
    ("country", "required"),
    [
        ("中国", False),
        ("China", False),
        ("Thailand", False),
        ("Vietnam", False),
        ("Malaysia", True),
        ("Singapore", True),
        ("Atlantis", True),  # a country we know nothing about is asked for one
    ],
)
def test_where_a_postal_code_is_needed(country, required):
    assert zip_required(country) is required
    assert is_optional_field("zip", country) is not required
    assert is_optional_field("district", country) and not is_optional_field("city", country)
