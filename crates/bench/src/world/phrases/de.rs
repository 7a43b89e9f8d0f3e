//! German phrases (our own writing).

use super::Table;

pub const DE: Table = Table {
    greet: &[
        "Hallo,",
        "Guten Tag,",
        "Sehr geehrte Damen und Herren,",
        "Moin,",
        "Hi,",
        "",
    ],
    close: &[
        "Viele Grüße\n{name}",
        "Danke, {name}",
        "Mit freundlichen Grüßen\n{name}",
        "LG {name}",
        "",
    ],
    follow_up: &[
        "Gibt es schon etwas Neues?",
        "Ich warte immer noch auf eine Antwort.",
        "Hallo? Das ist jetzt schon Tage her.",
    ],
    agent: &[
        "Danke für Ihre Nachricht, wir schauen uns das an.",
        "Können Sie uns bitte die Bestellnummer nennen?",
    ],
    subjects: [
        &["Erstattung", "Geld zurück", "Rückerstattung bitte"],
        &["Wo bleibt meine Erstattung?", "Status der Rückerstattung"],
        &["Doppelt abgebucht", "Zweimal belastet", "Doppelte Zahlung"],
        &["Unbekannte Abbuchung", "Was ist das für eine Zahlung?"],
        &[
            "Abbuchung nach Kündigung",
            "Gekündigt und trotzdem belastet",
        ],
        &["Abo kündigen", "Kündigung", "Kündigung meines Abos"],
        &["Zahlung fehlgeschlagen", "Karte abgelehnt"],
        &[
            "Neue Karte",
            "Zahlungsmethode ändern",
            "Kartendaten aktualisieren",
        ],
        &["Rechnung", "Rechnung benötigt", "Quittung"],
        &["Rückbuchung", "Widerspruch bei der Bank"],
        &["Wo ist meine Bestellung?", "Lieferstatus", "Paket"],
        &["Frage", "Anfrage", "Passwort"],
    ],
    bodies: [
        &[
            "Ich möchte für die Bestellung {order} mein Geld zurück, die Bohnen waren alt.",
            "Bitte erstatten Sie mir die {amount}, die Mühle ist nach einer Woche kaputtgegangen.",
            "Die Packung aus Bestellung {order} kam aufgerissen an. Ich hätte gern eine Erstattung.",
            "Ich schicke den Kaffee vom {date} zurück und bitte um Rückerstattung von {amount}.",
            "Geld zurück bitte, falsche Röstung geliefert",
            "Mit dem Espresso bin ich gar nicht zufrieden, bitte erstatten.",
        ],
        &[
            "Sie haben mir {amount} Erstattung zugesagt, aber auf meiner Karte ist nichts angekommen.",
            "Wann kommt die Erstattung für {order} auf meinem Konto an?",
            "Die Rückerstattung wurde vor Tagen versprochen und ist immer noch nicht da. Wie ist der Stand?",
        ],
        &[
            "Für die Bestellung {order} wurden mir zweimal {amount} abgebucht.",
            "Auf meiner Karte mit Endung {last4} taucht die Zahlung über {amount} vom {date} doppelt auf.",
            "Sie haben für eine Bestellung zweimal abgebucht, bitte korrigieren.",
            "Doppelt abgebucht!! Ich habe nur einmal bestellt.",
        ],
        &[
            "Auf meinem Kontoauszug steht eine Abbuchung über {amount} vom {date}, die ich nicht kenne.",
            "Ich sehe eine Zahlung an KAFFEEKANTE und weiß nicht, wofür die ist.",
            "Wer hat meine Karte mit Endung {last4} belastet? Ich habe bei Ihnen nichts gekauft.",
        ],
        &[
            "Ich habe mein Abo gekündigt und trotzdem wurden am {date} {amount} abgebucht.",
            "Warum wurde ich wieder belastet? Das Kaffee-Abo ist seit letztem Monat gekündigt.",
            "Trotz Kündigung wurde abgebucht, ich möchte das Geld zurück.",
        ],
        &[
            "Bitte kündigen Sie mein Abo, ich habe zu viel Kaffee zu Hause.",
            "Ich möchte mein monatliches Abo beenden.",
            "abo kündigen bitte",
            "Wie kann ich das Kaffee-Abo kündigen?",
        ],
        &[
            "Meine Zahlung ist fehlgeschlagen, dabei funktioniert die Karte überall sonst.",
            "Beim Bezahlen von {amount} steht, dass meine Karte abgelehnt wurde.",
            "Die Abo-Zahlung ging nicht durch, was soll ich tun?",
            "Karte abgelehnt, schon wieder",
        ],
        &[
            "Ich habe eine neue Karte und muss meine Zahlungsdaten ändern.",
            "Wie ändere ich die Karte für mein Abo? Die alte ist abgelaufen.",
            "Bitte schicken Sie mir einen Link, um die Karte mit Endung {last4} zu ersetzen.",
        ],
        &[
            "Können Sie mir eine Rechnung für die Bestellung {order} schicken? Ich brauche sie für die Steuer.",
            "Ich brauche einen Beleg für die Zahlung über {amount} vom {date}.",
            "Bitte senden Sie mir die Rechnung für mein Abo.",
        ],
        &[
            "Zur Info: Ich habe bei meiner Bank die Zahlung für {order} zurückbuchen lassen.",
            "Ich habe die {amount} zurückgebucht, weil nie etwas angekommen ist.",
            "Meine Bank hat der Abbuchung vom {date} widersprochen.",
            "Ich habe die Zahlung bei meiner Bank reklamiert, die prüfen das jetzt.",
        ],
        &[
            "Wo bleibt meine Bestellung {order}? Das sind jetzt zwei Wochen.",
            "Mein Paket ist immer noch nicht da, können Sie die Sendungsverfolgung prüfen?",
            "Wurde die Bestellung {order} schon verschickt?",
        ],
        &[
            "Ich komme nicht in mein Konto, die Mail zum Zurücksetzen des Passworts kommt nie an.",
            "Beliefern Sie auch Cafés mit größeren Mengen?",
            "Der Äthiopien-Kaffee ist großartig, wollte ich nur mal sagen!",
            "Liefern Sie auch in die Schweiz?",
        ],
    ],
};
