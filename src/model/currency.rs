/*!
ISO 4217 currency codes, so that a typo such as `currency = "GPB"` is caught
instead of silently becoming a currency of its own.

The list is ISO 4217's List One (current currency and funds codes, including the
precious-metal and testing codes), plus the withdrawn `SLL` and `ZWL`, which older
reports still use. A code missing here is a one-line addition.
*/

/// Sorted, so lookups are a binary search.
pub(crate) const CODES: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
    "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUC", "CUP",
    "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP",
    "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS",
    "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW",
    "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD",
    "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN",
    "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR",
    "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SLL",
    "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY",
    "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES",
    "VND", "VUV", "WST", "XAF", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XCG", "XDR",
    "XOF", "XPD", "XPF", "XPT", "XSU", "XTS", "XUA", "XXX", "YER", "ZAR", "ZMW", "ZWG", "ZWL",
];

pub fn is_known_currency(code: &str) -> bool {
    // Every code is three capital letters; anything else needs no search.
    code.len() == 3
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && PACKED.binary_search(&pack(code.as_bytes())).is_ok()
}

/// Three letters as one number, first letter highest, so numbers sort as the
/// codes do. (Every file checks its currency: comparing numbers is quicker
/// than comparing strings.)
const fn pack(code: &[u8]) -> u32 {
    (code[0] as u32) << 16 | (code[1] as u32) << 8 | code[2] as u32
}

/// [`CODES`] packed, in the same (sorted) order. A code that is not three
/// bytes long fails the build here.
const PACKED: [u32; CODES.len()] = {
    let mut packed = [0; CODES.len()];
    let mut i = 0;
    while i < CODES.len() {
        assert!(CODES[i].len() == 3, "a currency code is three letters");
        packed[i] = pack(CODES[i].as_bytes());
        i += 1;
    }
    packed
};

/// Codes users are most likely to mean, tried first when suggesting.
const COMMON: [&str; 12] = [
    "USD", "EUR", "GBP", "AUD", "CAD", "JPY", "CHF", "NZD", "SEK", "NOK", "DKK", "RWF",
];

/// A known code one typo away (a changed, missing, extra or swapped letter):
/// "GPB" → "GBP", "UDS" → "USD". Common currencies win ties.
pub(crate) fn nearest(code: &str) -> Option<&'static str> {
    COMMON
        .iter()
        .chain(CODES.iter())
        .find(|candidate| strsim::osa_distance(code, candidate) == 1)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_so_binary_search_works() {
        assert!(CODES.windows(2).all(|pair| pair[0] < pair[1]));
        // Packing keeps the order, so every listed code is found.
        assert!(PACKED.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(CODES.iter().all(|code| is_known_currency(code)));
    }

    #[test]
    fn knows_the_deals_currencies_and_rejects_typos() {
        for code in ["GBP", "AUD", "EUR", "USD", "RWF", "SZL"] {
            assert!(is_known_currency(code), "{code}");
        }
        assert!(!is_known_currency("GPB"));
        assert!(!is_known_currency("gbp"));
    }

    #[test]
    fn suggests_the_code_one_typo_away() {
        assert_eq!(nearest("GPB"), Some("GBP"));
        assert_eq!(nearest("UDS"), Some("USD"));
        assert_eq!(nearest("EURO"), Some("EUR"));
        assert_eq!(nearest("QQQQQ"), None);
    }
}
