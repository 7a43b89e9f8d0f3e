use super::*;

#[test]
#[ignore]
fn scratch_breakdown() {
    let texts = [
        "Hello, I was charged twice for my order #1042 on March 3rd: 49,90 € each time on my Visa ending in 4242. Could you please refund one of the charges? The receipt says ch_3MmlLrLkdIwHu7ix0snN0B15. You can reach me at jane.doe@example.com. Thanks, Jane",
        "Hallo, meine Bestellung #1042 vom 3. März wurde zweimal abgebucht (je 49,90 €), Karte endet auf 4242. Gestern kam noch eine Abbuchung dazu. Bitte erstatten Sie mir den doppelten Betrag zurück. Viele Grüße, Max Müller, max@beispiel.de",
        "你好，我的订单号：1042 在3月3日被扣了两次款，每次¥49.90，尾号4242的卡。请尽快退款，谢谢！支付编号 pi_3NkQ2bLkdIwHu7ix1Ab2Cd3E，邮箱 wang.li@163.com",
        "Hi there, I still have not received my parcel and nobody answers my emails. This is the third time I am writing to you. Please tell me what is going on, otherwise I will dispute the payment with my bank. Regards, a very unhappy customer.",
    ];
    let runs = 20000u32;
    for text in texts {
        std::hint::black_box(extract(text, Lang::En, today()));
        let _ = runs;
        let best = (0..50)
            .map(|_| {
                let s = std::time::Instant::now();
                for _ in 0..200 {
                    std::hint::black_box(extract(std::hint::black_box(text), Lang::En, today()));
                }
                s.elapsed() / 200
            })
            .min()
            .unwrap();
        println!("total {} bytes {best:?}", text.len());
    }
}

#[test]
#[ignore]
fn scratch_parts() {
    use crate::entities::{
        amounts, cards, dates, ids, message::Message, orders, relative, scan::Claims,
    };
    let text = "Hello, I was charged twice for my order #1042 on March 3rd: 49,90 € each time on my Visa ending in 4242. Could you please refund one of the charges? The receipt says ch_3MmlLrLkdIwHu7ix0snN0B15. You can reach me at jane.doe@example.com. Thanks, Jane";
    let runs = 20000u32;
    std::hint::black_box(extract(text, Lang::En, today()));
    let m = Message::new(text);
    let _ = runs;
    let t = |name: &str, f: &dyn Fn()| {
        let best = (0..50)
            .map(|_| {
                let s = std::time::Instant::now();
                for _ in 0..200 {
                    f();
                }
                s.elapsed() / 200
            })
            .min()
            .unwrap();
        println!("part {name:10} {best:?}");
    };
    t("message", &|| {
        std::hint::black_box(Message::new(std::hint::black_box(text)));
    });
    t("money-iter", &|| {
        std::hint::black_box(amounts::MONEY.captures_iter(text).count());
    });
    t("money-at0", &|| {
        std::hint::black_box(amounts::MONEY.captures_at(text, 0));
    });
    t("money-findat0", &|| {
        std::hint::black_box(amounts::MONEY.find_at(text, 0));
    });
    t("money-find1", &|| {
        std::hint::black_box(amounts::MONEY.find(text));
    });
    t("money-caps1", &|| {
        std::hint::black_box(amounts::MONEY.captures(text));
    });
    let mut locs = amounts::MONEY.capture_locations();
    let locs = std::cell::RefCell::new(&mut locs);
    t("money-read0", &|| {
        std::hint::black_box(amounts::MONEY.captures_read_at(&mut locs.borrow_mut(), text, 0));
    });
    let mm = amounts::MONEY.find(text).unwrap();
    let slice = &text[mm.start()..mm.end()];
    println!("match {slice:?}");
    t("money-caps-slice", &|| {
        std::hint::black_box(amounts::MONEY.captures(slice));
    });
    let small =
        regex::Regex::new(r"(€)[ ]?([0-9]+(?:[.,][0-9]{1,2})?)|([0-9]+(?:[.,][0-9]{1,2})?)[ ]?(€)")
            .unwrap();
    t("small-caps", &|| {
        std::hint::black_box(small.captures(text));
    });
    t("small-find", &|| {
        std::hint::black_box(small.find(text));
    });
    t("money-find", &|| {
        std::hint::black_box(amounts::MONEY.find_iter(text).count());
    });
    t("money-each", &|| {
        let mut n = 0;
        m.each_match(&amounts::MONEY, |_| {
            n += 1;
            true
        });
        std::hint::black_box(n);
    });
    t("money-each-rej", &|| {
        let mut n = 0;
        m.each_match(&amounts::MONEY, |_| {
            n += 1;
            false
        });
        std::hint::black_box(n);
    });
    t("ids", &|| {
        let mut c = Claims::default();
        std::hint::black_box(ids::stripe_ids(&m, &mut c));
        std::hint::black_box(ids::emails(&m, &mut c));
    });
    t("amounts", &|| {
        let mut c = Claims::default();
        std::hint::black_box(amounts::amounts(&m, Lang::En, &mut c));
    });
    t("dates", &|| {
        let mut c = Claims::default();
        std::hint::black_box(dates::dates(&m, Lang::En, today(), &mut c));
    });
    t("relative", &|| {
        let mut c = Claims::default();
        std::hint::black_box(relative::relative_dates(&m, Lang::En, today(), &mut c));
    });
    t("cards", &|| {
        let mut c = Claims::default();
        std::hint::black_box(cards::last4(&m, &mut c));
    });
    t("phones", &|| {
        let mut c = Claims::default();
        orders::claim_phones(&m, &mut c);
    });
    t("orders", &|| {
        let c = Claims::default();
        std::hint::black_box(orders::order_numbers(&m, &c));
    });
}
