//! Reading the `Stripe-Signature` header: `t=1700000000,v1=hex,v1=hex,v0=hex`.

use super::error::MalformedReason;

/// The parts of a `Stripe-Signature` header that verification uses.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ParsedHeader<'a> {
    /// The `t` item: when Stripe signed the payload (Unix seconds).
    pub timestamp: i64,
    /// Every `v1` item, in header order, as written (hex, not yet decoded).
    pub v1: Vec<&'a str>,
}

/// Longest bad timestamp echoed back in an error, so junk headers stay short in logs.
const ECHO_LIMIT: usize = 24;

/// Splits the header into its timestamp and `v1` signatures.
///
/// Items without `=` and schemes other than `t`/`v1` (such as `v0`) are
/// skipped, as Stripe's own libraries do, so future schemes do not break us.
pub(crate) fn parse(header: &str) -> Result<ParsedHeader<'_>, MalformedReason> {
    if header.trim().is_empty() {
        return Err(MalformedReason::Empty);
    }
    let mut timestamp = None;
    let mut v1 = Vec::new();
    for item in header.split(',') {
        let Some((key, value)) = item.split_once('=') else {
            continue;
        };
        match key.trim() {
            "t" if timestamp.is_some() => return Err(MalformedReason::DuplicateTimestamp),
            "t" => timestamp = Some(parse_timestamp(value.trim())?),
            "v1" => v1.push(value.trim()),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(MalformedReason::NoTimestamp)?;
    Ok(ParsedHeader { timestamp, v1 })
}

/// Accepts only plain decimal digits: a sign or spaces inside would mean the
/// header was not produced by Stripe.
fn parse_timestamp(value: &str) -> Result<i64, MalformedReason> {
    let digits_only = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    match value.parse::<i64>() {
        Ok(t) if digits_only => Ok(t),
        _ => Err(MalformedReason::BadTimestamp(
            value.chars().take(ECHO_LIMIT).collect(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_timestamp_and_every_v1_skipping_other_schemes() {
        let parsed = parse("t=12,v1=aa,v0=bb,v1=cc,junk,x=y").unwrap();
        assert_eq!(
            parsed,
            ParsedHeader {
                timestamp: 12,
                v1: vec!["aa", "cc"]
            }
        );
    }

    #[test]
    fn says_what_is_malformed() {
        assert_eq!(parse(" "), Err(MalformedReason::Empty));
        assert_eq!(parse("v1=aa"), Err(MalformedReason::NoTimestamp));
        assert_eq!(
            parse("t=1,t=2,v1=aa"),
            Err(MalformedReason::DuplicateTimestamp)
        );
        assert_eq!(
            parse("t=-1,v1=aa"),
            Err(MalformedReason::BadTimestamp("-1".into()))
        );
        assert_eq!(
            parse("t=99999999999999999999,v1=aa"),
            Err(MalformedReason::BadTimestamp("99999999999999999999".into()))
        );
    }
}
