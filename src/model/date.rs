//! A calendar date as notes write it, typed once so that no writer validates a date again.
//!
//! Read from front matter and `hanji.yaml`: ISO 8601 / YAML timestamps (`2024-05-01`,
//! `2024-05-01T10:00:00+09:00`, `2024-05-01 10:00:00`) and the Korean forms people type
//! (`2024년 5월 1일`, `2024년 5월`, `2024. 5. 1.`, `2024.05.01`, `2024/05/01`, each with an optional
//! weekday such as `(수)`). Written as W3CDTF (the profile of ISO 8601 that OPF `dc:date` requires).
//! Hand-written because the crates for dates (chrono, time, jiff) parse ISO forms only and would
//! still need this Korean front end; the calendar arithmetic needed here is twenty lines.

use std::fmt;

/// A validated date: a year, optionally a month, optionally a day and a time of day.
/// Invariant (checked by [`Date::parse`]): the month is 1–12 and the day exists in that month
/// (`2023-02-29` is rejected), a day implies a month, a time implies a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, 1–9999 (W3CDTF writes four digits).
    pub year: u16,
    /// Month 1–12, if given.
    pub month: Option<u8>,
    /// Day of the month, if given.
    pub day: Option<u8>,
    /// Time of day, if given.
    pub time: Option<TimeOfDay>,
}

/// A time of day with its zone. W3CDTF requires a zone with a time, so a time written without
/// one is kept for sorting but not printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay {
    /// Hour 0–23.
    pub hour: u8,
    /// Minute 0–59.
    pub minute: u8,
    /// Second 0–60 (60: a leap second, as ISO 8601 allows); fractions are dropped.
    pub second: u8,
    /// Offset from UTC in minutes (`Z` = 0), `None` when the text gave no zone.
    pub offset_minutes: Option<i16>,
}

impl Date {
    /// Reads a date in one of the forms listed in the module docs; `None` when the text is not a
    /// date (`어제`) or names a day that does not exist (`2024-13-45`, `2023-02-29`).
    pub fn parse(text: &str) -> Option<Date> {
        let text = strip_weekday(text.trim());
        parse_iso(text).or_else(|| parse_separated(text))
    }

    /// The date as W3CDTF: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ss±hh:mm`.
    pub fn to_w3c(&self) -> String {
        self.to_string()
    }

    /// The `YYYY-MM-DD` day of this date, when it names a whole day.
    pub fn day_string(&self) -> Option<String> {
        let (m, d) = (self.month?, self.day?);
        Some(format!("{:04}-{m:02}-{d:02}", self.year))
    }

    /// A date from its parts, `None` unless the day exists (the one constructor that checks).
    fn checked(year: u32, month: Option<u32>, day: Option<u32>) -> Option<Date> {
        if !(1..=9999).contains(&year) {
            return None;
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return None;
        }
        if let Some(d) = day {
            let m = month?;
            if d < 1 || d > days_in_month(year, m) {
                return None;
            }
        }
        Some(Date {
            year: u16::try_from(year).ok()?,
            month: month.and_then(|m| u8::try_from(m).ok()),
            day: day.and_then(|d| u8::try_from(d).ok()),
            time: None,
        })
    }
}

impl fmt::Display for Date {
    /// W3CDTF (<https://www.w3.org/TR/NOTE-datetime>).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        let Some(m) = self.month else { return Ok(()) };
        write!(f, "-{m:02}")?;
        let Some(d) = self.day else { return Ok(()) };
        write!(f, "-{d:02}")?;
        // W3CDTF: a time needs its zone designator; without one only the day is certain.
        if let Some(t) = self.time
            && let Some(off) = t.offset_minutes
        {
            write!(f, "T{:02}:{:02}:{:02}", t.hour, t.minute, t.second)?;
            if off == 0 {
                f.write_str("Z")?;
            } else {
                let sign = if off < 0 { '-' } else { '+' };
                let a = off.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", a / 60, a % 60)?;
            }
        }
        Ok(())
    }
}

/// Days in `month` of `year` in the proleptic Gregorian calendar (ISO 8601 §4.3.2.1).
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Drops a trailing weekday: `(수)`, `(수요일)`, `(Wed)`, `수요일`, `, Wed`.
fn strip_weekday(text: &str) -> &str {
    let mut t = text;
    if let Some(inner) = t.strip_suffix(')').or_else(|| t.strip_suffix('）'))
        && let Some(open) = inner.rfind(['(', '（'])
        && is_weekday(
            inner
                .get(open..)
                .unwrap_or("")
                .trim_start_matches(['(', '（']),
        )
    {
        t = inner.get(..open).unwrap_or(t);
    } else if let Some((head, last)) = t.rsplit_once([' ', ','])
        && is_weekday(last)
    {
        t = head;
    }
    t.trim_end_matches([' ', ','])
}

/// Whether `word` names a day of the week in Korean (`수`, `수요일`) or English (`Wed`).
fn is_weekday(word: &str) -> bool {
    let w = word.trim();
    let w = w.strip_suffix("요일").unwrap_or(w);
    matches!(w, "월" | "화" | "수" | "목" | "금" | "토" | "일")
        || ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .iter()
            .any(|d| w.len() >= 3 && w.to_ascii_lowercase().starts_with(d))
}

/// ISO 8601 extended / YAML 1.1 timestamp: `YYYY-MM-DD` then optionally `T` or spaces and
/// `hh:mm[:ss[.f]]` and a zone `Z`, `±hh`, `±hhmm` or `±hh:mm`.
fn parse_iso(text: &str) -> Option<Date> {
    let day_part = text.get(..10)?;
    let b = day_part.as_bytes();
    if !(b[4] == b'-' && b[7] == b'-') {
        return None;
    }
    let year = digits(day_part.get(0..4)?)?;
    let month = digits(day_part.get(5..7)?)?;
    let day = digits(day_part.get(8..10)?)?;
    let mut date = Date::checked(year, Some(month), Some(day))?;
    let after = text.get(10..)?;
    if after.is_empty() {
        return Some(date);
    }
    // YAML 1.1 timestamp: a space-separated time without a zone is UTC.
    let (rest, yaml_form) = if let Some(r) = after.strip_prefix(['T', 't']) {
        (r, false)
    } else if after.starts_with([' ', '\t']) {
        (after.trim_start(), true)
    } else {
        return None;
    };
    date.time = Some(parse_time(rest, yaml_form)?);
    Some(date)
}

/// `hh:mm[:ss[.fraction]][zone]`.
fn parse_time(text: &str, missing_zone_is_utc: bool) -> Option<TimeOfDay> {
    let zone_at = text.find(['Z', 'z', '+', '-']).unwrap_or(text.len());
    let (clock, zone) = text.split_at(zone_at);
    let clock = clock.trim_end();
    let mut parts = clock.split(':');
    let hour = digits_n(parts.next()?, 1..=2)?;
    let minute = digits_n(parts.next()?, 2..=2)?;
    let second = match parts.next() {
        None => 0,
        Some(s) => {
            let (whole, frac) = s.split_once('.').unwrap_or((s, "0"));
            if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits_n(whole, 2..=2)?
        }
    };
    if parts.next().is_some() || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let offset_minutes = match zone.trim() {
        "" if missing_zone_is_utc => Some(0),
        "" => None,
        "Z" | "z" => Some(0),
        z => Some(parse_offset(z)?),
    };
    Some(TimeOfDay {
        hour: u8::try_from(hour).ok()?,
        minute: u8::try_from(minute).ok()?,
        second: u8::try_from(second).ok()?,
        offset_minutes,
    })
}

/// `±hh`, `±hhmm` or `±hh:mm` as minutes east of UTC.
fn parse_offset(zone: &str) -> Option<i16> {
    let (sign, rest) = match zone.split_at_checked(1)? {
        ("+", r) => (1, r),
        ("-", r) => (-1, r),
        _ => return None,
    };
    let (h, m) = match rest.len() {
        2 => (rest, "00"),
        4 => rest.split_at_checked(2)?,
        5 => {
            let (h, m) = rest.split_once(':')?;
            (h, m)
        }
        _ => return None,
    };
    let (h, m) = (digits_n(h, 2..=2)?, digits_n(m, 2..=2)?);
    if h > 23 || m > 59 {
        return None;
    }
    i16::try_from(h * 60 + m).ok().map(|v| v * sign)
}

/// One piece of a separated date: a run of digits or a separator.
#[derive(Debug, PartialEq)]
enum Piece {
    /// Digits, with their count (to tell `2024` from `24`).
    Num(u32, usize),
    /// `-`, `/`, `.`, `년`, `월` or `일`.
    Sep(char),
}

/// `2024년 5월 1일`, `2024년 5월`, `2024년`, `2024. 5. 1.`, `2024.05.01`, `2024/05/01`, `2024-5-1`,
/// `2024-05`, `2024`: a four-digit year, then month and day separated alike.
fn parse_separated(text: &str) -> Option<Date> {
    let pieces = pieces(text)?;
    use Piece::{Num, Sep};
    let (y, rest) = match pieces.split_first()? {
        (Num(y, 4), rest) => (*y, rest),
        _ => return None,
    };
    let ymd = |m: Option<u32>, d: Option<u32>| Date::checked(y, m, d);
    match rest {
        [] | [Sep('년')] => ymd(None, None),
        [Sep('년'), Num(m, 1..=2), Sep('월')] => ymd(Some(*m), None),
        [
            Sep('년'),
            Num(m, 1..=2),
            Sep('월'),
            Num(d, 1..=2),
            Sep('일'),
        ] => ymd(Some(*m), Some(*d)),
        [Sep('-'), Num(m, 2)] => ymd(Some(*m), None),
        [Sep(a), Num(m, 1..=2), Sep(b), Num(d, 1..=2)] if a == b && "-/.".contains(*a) => {
            ymd(Some(*m), Some(*d))
        }
        [Sep('.'), Num(m, 1..=2), Sep('.'), Num(d, 1..=2), Sep('.')] => ymd(Some(*m), Some(*d)),
        _ => None,
    }
}

/// Splits `text` into digit runs and separators, skipping whitespace; `None` on anything else.
fn pieces(text: &str) -> Option<Vec<Piece>> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut n = c.to_digit(10)?;
            let mut len = 1usize;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                n = n.checked_mul(10)?.checked_add(d)?;
                len += 1;
                chars.next();
            }
            out.push(Piece::Num(n, len));
        } else if matches!(c, '-' | '/' | '.' | '년' | '월' | '일') {
            out.push(Piece::Sep(c));
        } else if !c.is_whitespace() {
            return None;
        }
    }
    Some(out)
}

/// All-ASCII-digit text as a number.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Like [`digits`], with a required digit count.
fn digits_n(s: &str, len: std::ops::RangeInclusive<usize>) -> Option<u32> {
    if !len.contains(&s.len()) {
        return None;
    }
    digits(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w3c(s: &str) -> Option<String> {
        Date::parse(s).map(|d| d.to_w3c())
    }

    #[test]
    fn accepts_iso_and_yaml_timestamps() {
        assert_eq!(w3c("2024-05-01").as_deref(), Some("2024-05-01"));
        assert_eq!(
            w3c("2024-05-01T10:00:00+09:00").as_deref(),
            Some("2024-05-01T10:00:00+09:00")
        );
        assert_eq!(
            w3c("2024-05-01T10:00Z").as_deref(),
            Some("2024-05-01T10:00:00Z")
        );
        assert_eq!(
            w3c("2024-05-01T10:00:00.123-0530").as_deref(),
            Some("2024-05-01T10:00:00-05:30")
        );
        // YAML 1.1 timestamp: space separator, no zone = UTC.
        assert_eq!(
            w3c("2024-05-01 9:30:00").as_deref(),
            Some("2024-05-01T09:30:00Z")
        );
        assert_eq!(
            w3c("2001-12-14 21:59:43.10 -5").as_deref(),
            None,
            "one-digit zone hour is not ISO"
        );
        assert_eq!(
            w3c("2001-12-14 21:59:43.10 -05").as_deref(),
            Some("2001-12-14T21:59:43-05:00")
        );
        // ISO local time without a zone: the day is certain, the instant is not.
        assert_eq!(w3c("2024-05-01T10:00:00").as_deref(), Some("2024-05-01"));
        assert_eq!(w3c("2024-05").as_deref(), Some("2024-05"));
        assert_eq!(w3c("2024").as_deref(), Some("2024"));
        assert_eq!(w3c(" 2024-02-29 ").as_deref(), Some("2024-02-29"));
    }

    #[test]
    fn accepts_korean_forms() {
        for (text, want) in [
            ("2024년 5월 1일", "2024-05-01"),
            ("2024년5월1일", "2024-05-01"),
            ("2024년 5월 1일 (수)", "2024-05-01"),
            ("2024년 5월 1일 수요일", "2024-05-01"),
            ("2024년 5월", "2024-05"),
            ("2024년", "2024"),
            ("2024. 5. 1.", "2024-05-01"),
            ("2024. 5. 1. (수)", "2024-05-01"),
            ("2024.05.01", "2024-05-01"),
            ("2024/05/01", "2024-05-01"),
            ("2024/5/1 (Wed)", "2024-05-01"),
            ("2024-5-1", "2024-05-01"),
        ] {
            assert_eq!(w3c(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn rejects_non_dates() {
        for text in [
            "어제",
            "",
            "2024-13-45",
            "2023-02-29",
            "2024-04-31",
            "2024년 13월",
            "2024. 5. 32.",
            "24.05.01",
            "2024/05-01",
            "2024-05-01T25:00Z",
            "2024-05-01T10:00+24:00",
            "2024-05-01Tx",
            "0000-01-01",
            "5월 1일",
            "2024-05-01월",
            "2024년 5월 1일 (금요일이었나)",
            "99999999999999999999",
        ] {
            assert_eq!(w3c(text), None, "{text}");
        }
    }

    #[test]
    fn multibyte_text_never_slices_inside_a_character() {
        // Regression: `2024년 5월 1일` crashed the old W3CDTF check (a byte slice inside `월`).
        for text in [
            "2024년 5월 1일",
            "2024-0년",
            "20２4-05-01",
            "2024-05-0１",
            "ｘ2024-05-01T",
        ] {
            let _ = Date::parse(text);
        }
    }
}
