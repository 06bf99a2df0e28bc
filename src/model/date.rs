/*!
Calendar dates as written in scenario files (TOML local dates, `2024-07-22`).

Only what the model needs: ordering, printing, and the number of days between two
dates (for deriving a deal's duration from `start` and `end`).
*/

use std::fmt;

use rust_decimal::Decimal;

use crate::money::rounding::round_half_away;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A date, if it exists in the proleptic Gregorian calendar.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if is_leap(year) => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// Days from `earlier` to `self` (negative when `self` is before it).
    pub fn days_since(self, earlier: Date) -> i64 {
        self.day_number() - earlier.day_number()
    }

    /// Days since 0000-03-01, by Howard Hinnant's `days_from_civil`: counting years
    /// from March puts the leap day at the end of the year.
    fn day_number(self) -> i64 {
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era
    }
}

impl Date {
    /// The same day `months` later, or the month's last day when it has no
    /// such day (31 January + 1 month = 28 or 29 February); `None` past year 65535.
    pub fn plus_months(self, months: u32) -> Option<Date> {
        let index = u32::from(self.year) * 12 + u32::from(self.month) - 1;
        let index = index.checked_add(months)?;
        let year = u16::try_from(index / 12).ok()?;
        let month = (index % 12 + 1) as u8;
        (1..=self.day)
            .rev()
            .find_map(|day| Date::new(year, month, day))
    }

    /// The date `days` days later; `None` past year 65535.
    pub fn plus_days(self, days: u32) -> Option<Date> {
        let number = self.day_number() + i64::from(days);
        let later = Date::from_unix_days(number - UNIX_DAY_NUMBER);
        // A year past u16 wraps around: the day number then differs.
        (later.day_number() == number).then_some(later)
    }

    /// The date `days` days after 1970-01-01 (Hinnant's `civil_from_days`), for
    /// stamping reports.
    pub fn from_unix_days(days: i64) -> Date {
        let z = days + UNIX_DAY_NUMBER;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (year_of_era + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }
}

/// 1970-01-01's [`Date::day_number`].
const UNIX_DAY_NUMBER: i64 = 719_468;

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// A duration in years from a number of days: days / 365.25, rounded half away
/// from zero to 2 decimals, so that the figure `show` prints is the one used.
pub fn years_from_days(days: i64) -> Decimal {
    // A day count between two four-digit years is at most ~3.7 million, so this
    // division cannot overflow.
    round_half_away(Decimal::from(days) / Decimal::new(36525, 2), 2)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_days_become_dates() {
        // 0 → 1970-01-01; 20,420 days later is 2025-11-28 (55 years of which 14
        // are leap: 55 × 365 + 14 = 20,089 to 2025-01-01, plus 331 days to 28 Nov).
        assert_eq!(Date::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix_days(20_420).to_string(), "2025-11-28");
        assert_eq!(Date::from_unix_days(-1).to_string(), "1969-12-31");
    }

    fn date(y: u16, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn rejects_days_that_do_not_exist() {
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some()); // 2024 is a leap year
        assert!(Date::new(1900, 2, 29).is_none()); // divisible by 100, not by 400
        assert!(Date::new(2000, 2, 29).is_some()); // divisible by 400
        assert!(Date::new(2024, 4, 31).is_none());
        assert!(Date::new(2024, 13, 1).is_none());
    }

    #[test]
    fn counts_days_across_leap_years() {
        // 2022-04-14 -> 2024-04-14 is 365 (2022-23) + 366 (2023-24, holds 29 Feb 2024) = 731;
        // then 14 Apr -> 22 Jul 2024 is 16 + 31 + 30 + 22 = 99; total 830.
        assert_eq!(date(2024, 7, 22).days_since(date(2022, 4, 14)), 830);
        assert_eq!(date(2022, 4, 14).days_since(date(2024, 7, 22)), -830);
        assert_eq!(date(2000, 3, 1).days_since(date(2000, 2, 28)), 2);
    }

    #[test]
    fn months_later_keep_the_day_or_take_the_month_end() {
        assert_eq!(date(2025, 12, 3).plus_months(12), Some(date(2026, 12, 3)));
        assert_eq!(date(2025, 11, 15).plus_months(3), Some(date(2026, 2, 15)));
        // 31 Jan + 1 month: February has no 31st, so its last day (2024 is leap).
        assert_eq!(date(2024, 1, 31).plus_months(1), Some(date(2024, 2, 29)));
        assert_eq!(date(2023, 1, 31).plus_months(1), Some(date(2023, 2, 28)));
        assert_eq!(date(2024, 5, 1).plus_months(u32::MAX), None);
    }

    #[test]
    fn days_later_cross_months_and_leap_days() {
        // 2024-02-28 + 2 days: 29 Feb (leap year), then 1 Mar.
        assert_eq!(date(2024, 2, 28).plus_days(2), Some(date(2024, 3, 1)));
        // 2025-09-04 + 90 days: 26 left in Sept, 31 Oct, 30 Nov = 87, + 3 = 3 Dec.
        assert_eq!(date(2025, 9, 4).plus_days(90), Some(date(2025, 12, 3)));
        assert_eq!(date(2025, 9, 4).plus_days(u32::MAX), None);
    }

    #[test]
    fn years_from_days_rounds_to_two_decimals() {
        // 830 / 365.25 = 2.27241... -> 2.27
        assert_eq!(years_from_days(830), Decimal::new(227, 2));
        // 1461 / 365.25 = 4 exactly
        assert_eq!(years_from_days(1461), Decimal::new(400, 2));
    }
}
