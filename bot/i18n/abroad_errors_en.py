"""English texts of the domain's errors for countries, currencies and receivers abroad."""

MESSAGES: dict[str, str] = {
    "err.country.empty": "Please name the country.",
    "err.country.unknown": (
        "“{text}” is not a country I know. Type its name (Vietnam, 越南) or its two-letter code "
        "(VN)."
    ),
    "err.currency.unknown": "“{text}” is not an ISO 4217 currency code.",
    "err.currency.not_amount": "“{text}” is not an amount.",
    "err.currency.too_precise": (
        "{text} {currency} has more decimals than {currency} uses ({places})."
    ),
    "err.receiver.country.unknown": (
        "“{text}” is not a country I know. Type its name or its code (VN, US)."
    ),
    "err.receiver.zip.wrong_shape": "“{text}” is not a postal code of {country} (e.g. {example}).",
    "err.abroad.country.unknown": "{text} is not a country I know.",
    "err.abroad.country.china": (
        "The goods are in China already: for a receiver in China, order as usual."
    ),
    "err.abroad.mobile.empty": "Please give the receiver's phone number.",
    "err.abroad.mobile.invalid": "“{text}” is not a phone number.",
    "err.abroad.mobile.other_country": (
        "{text} is a phone number of {number_country}, not of {country}: give the receiver's "
        "number in {country}."
    ),
    "err.abroad.mobile.invalid_for_country": (
        "{text} is not a valid phone number in {country} (e.g. {example})."
    ),
    "err.abroad.zip.needed": "Please give the postal code (e.g. {example}).",
    "err.abroad.zip.wrong_shape": "“{text}” is not a postal code of {country} (e.g. {example}).",
    "err.abroad.state.empty": "Please give the state or province.",
    "err.abroad.state.unknown": "“{text}” is not a state of {country} (e.g. {example}).",
    "err.abroad.tax_id.needed": "Customs there need the receiver's {kind}.",
    "err.abroad.tax_id.invalid": "“{text}” is not a valid {kind}.",
    "err.abroad.email.invalid": "“{text}” is not an e-mail address.",
    "err.abroad.name.empty": "Please give the receiver's name.",
    "err.abroad.name.too_short": "The name is too short.",
    "err.abroad.name.too_long": "The name is longer than {maximum} characters.",
    "err.abroad.name.invalid": "The name must contain letters.",
    "err.abroad.address1.empty": "Please give the street address.",
    "err.abroad.address1.too_short": (
        "The street address needs at least {minimum} characters (number and street)."
    ),
    "err.abroad.address1.too_long": "The street address is longer than {maximum} characters.",
    "err.abroad.address2.empty": "Please give the second address line.",
    "err.abroad.address2.too_short": "The second address line is too short.",
    "err.abroad.address2.too_long": "The second address line is longer than {maximum} characters.",
    "err.abroad.city.empty": "Please give the city.",
    "err.abroad.city.too_short": "The city is too short.",
    "err.abroad.city.too_long": "The city is longer than {maximum} characters.",
}
