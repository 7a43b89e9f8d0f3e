use super::*;
#[test]
fn scratch_adversarial() {
    let n = 20_000;
    let inputs = vec![
        ("local", format!("{}@b.cc-", "a".repeat(n))),
        ("dots", format!("{}@b.cc", ".a".repeat(n / 2))),
        ("digits", "1".repeat(n)),
        ("spaced", "1 ".repeat(n / 2)),
        ("groups", format!("x{} €", "000 ".repeat(n / 4))),
        ("seps", "1.1,1 ".repeat(n / 6)),
        ("hash", "#1042-".repeat(n / 6)),
        ("order", format!("order{}1042x", " ".repeat(n))),
        ("stars", format!("{}4242", "*".repeat(n))),
        ("money", "€1€".repeat(n / 5)),
        ("dates", "3 March ".repeat(n / 8)),
        ("zh", "订单号3月3日¥4,900".repeat(n / 30)),
        ("mixed", "a@b.co ch_12345678 order #1 49 € 3.3. yesterday ".repeat(n / 48)),
    ];
    for (name, text) in inputs {
        let start = std::time::Instant::now();
        let e = extract(&text, Lang::En, today());
        println!("{name:8} {:>6} bytes {:?} ({} amounts, {} dates, {} orders)", text.len(), start.elapsed(), e.amounts.len(), e.dates.len(), e.order_numbers.len());
    }
}
