//! The five languages of the generated shop's customers: names, addresses,
//! and money and dates written the way each one writes them.

/// A customer's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    De,
    Es,
    Fr,
    Zh,
}

impl Lang {
    /// Every language, in the order the generator draws from.
    pub const ALL: [Lang; 5] = [Lang::En, Lang::De, Lang::Es, Lang::Fr, Lang::Zh];

    /// (locale, country, email domain) of a customer writing this language.
    pub fn place(self, variant: u32) -> (&'static str, &'static str, &'static str) {
        match (self, variant % 3) {
            (Lang::En, 0) => ("en-GB", "GB", "example.co.uk"),
            (Lang::En, _) => ("en-US", "US", "example.com"),
            (Lang::De, 2) => ("de-AT", "AT", "example.at"),
            (Lang::De, _) => ("de-DE", "DE", "example.de"),
            (Lang::Es, _) => ("es-ES", "ES", "example.es"),
            (Lang::Fr, 1) => ("fr-BE", "BE", "example.be"),
            (Lang::Fr, _) => ("fr-FR", "FR", "example.fr"),
            (Lang::Zh, _) => ("zh-CN", "CN", "example.cn"),
        }
    }

    /// The currency a customer of this country pays in.
    pub fn currency(self, country: &str, draw: u32) -> &'static str {
        match (self, country) {
            (Lang::En, "GB") => "gbp",
            (Lang::En, _) if draw.is_multiple_of(40) => "jpy",
            (Lang::En, _) => "usd",
            (Lang::Zh, _) if draw.is_multiple_of(3) => "eur",
            (Lang::Zh, _) => "usd",
            _ => "eur",
        }
    }

    fn names(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Lang::En => (
                &[
                    "Olivia", "Harry", "Amelia", "George", "Isla", "Noah", "Ava", "Jack", "Mia",
                    "Leo", "Ruby", "Oscar", "Grace", "Henry", "Ella", "Theo", "Freya", "Ethan",
                ],
                &[
                    "Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Walker", "Wright",
                    "Green", "Hall", "Wood", "Hughes", "Turner", "Hill", "Ward", "Baker",
                ],
            ),
            Lang::De => (
                &[
                    "Lukas", "Anna", "Jonas", "Lea", "Felix", "Marie", "Paul", "Sophie", "Max",
                    "Laura", "Tim", "Julia", "Jan", "Katrin", "Erik", "Ute", "Moritz", "Helga",
                ],
                &[
                    "Müller",
                    "Schmidt",
                    "Schneider",
                    "Fischer",
                    "Weber",
                    "Meyer",
                    "Wagner",
                    "Becker",
                    "Hoffmann",
                    "Koch",
                    "Richter",
                    "Klein",
                    "Wolf",
                    "Schröder",
                    "Neumann",
                    "Braun",
                ],
            ),
            Lang::Es => (
                &[
                    "Lucía", "Hugo", "Martina", "Mateo", "Sofía", "Pablo", "Valeria", "Álvaro",
                    "Carla", "Diego", "Elena", "Marcos", "Irene", "Javier", "Nerea", "Rubén",
                ],
                &[
                    "García",
                    "Rodríguez",
                    "González",
                    "Fernández",
                    "López",
                    "Martínez",
                    "Sánchez",
                    "Pérez",
                    "Gómez",
                    "Martín",
                    "Jiménez",
                    "Ruiz",
                    "Hernández",
                    "Díaz",
                ],
            ),
            Lang::Fr => (
                &[
                    "Léa", "Gabriel", "Chloé", "Louis", "Manon", "Jules", "Camille", "Arthur",
                    "Inès", "Hugo", "Zoé", "Adam", "Louise", "Raphaël", "Margot", "Théo",
                ],
                &[
                    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit",
                    "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel",
                ],
            ),
            Lang::Zh => (
                &[
                    "伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛",
                    "明", "超", "霞",
                ],
                &[
                    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马",
                    "朱",
                ],
            ),
        }
    }

    /// A full name and the ASCII parts of an email address for customer `k`.
    pub fn person(self, k: u64, pick: u64) -> (String, String) {
        let (first, last) = self.names();
        let f = first[(pick % first.len() as u64) as usize];
        let l = last[((pick / 97) % last.len() as u64) as usize];
        if self == Lang::Zh {
            let local = format!("{}.{}{}", pinyin(l), pinyin(f), k);
            return (format!("{l}{f}"), local);
        }
        let local = format!("{}.{}{}", fold(f), fold(l), k);
        (format!("{f} {l}"), local)
    }

    /// An amount as a customer of this language writes it (`style` varies the notation).
    pub fn money(self, minor: i64, currency: &str, style: u32) -> String {
        let zero = currency == "jpy";
        let (whole, frac) = if zero {
            (minor, 0)
        } else {
            (minor / 100, minor % 100)
        };
        let sym = match currency {
            "eur" => "€",
            "gbp" => "£",
            "jpy" => "¥",
            _ => "$",
        };
        match (self, style % 3) {
            (Lang::En, _) | (Lang::Zh, 1) if zero => format!("{sym}{}", group(whole, ',')),
            (Lang::En, 2) => format!("{}.{frac:02} {}", whole, currency.to_uppercase()),
            (Lang::En, _) => format!("{sym}{}.{frac:02}", group(whole, ',')),
            (Lang::De | Lang::Es, 1) if currency == "eur" => {
                format!("{},{frac:02} EUR", group(whole, '.'))
            }
            (Lang::Es, 2) if currency == "eur" => format!("{whole},{frac:02} euros"),
            (Lang::De | Lang::Es, _) => format!("{},{frac:02} {sym}", group(whole, '.')),
            (Lang::Fr, 1) => format!("{whole},{frac:02}€"),
            (Lang::Fr, _) => format!("{},{frac:02} {sym}", group(whole, ' ')),
            (Lang::Zh, 1) => format!("{sym}{whole}.{frac:02}"),
            (Lang::Zh, _) => {
                let word = match currency {
                    "eur" => "欧元",
                    "gbp" => "英镑",
                    "jpy" => "日元",
                    _ => "美元",
                };
                format!("{whole}.{frac:02}{word}")
            }
        }
    }

    /// A calendar day as a customer of this language writes it.
    pub fn date(self, unix: i64, us: bool) -> String {
        let (_, month, day) = civil(unix);
        let m = (month - 1) as usize;
        match self {
            Lang::En if us => format!("{} {day}", EN_MONTHS[m]),
            Lang::En => format!("{day} {}", EN_MONTHS[m]),
            Lang::De => format!("{day}. {}", DE_MONTHS[m]),
            Lang::Es => format!("{day} de {}", ES_MONTHS[m]),
            Lang::Fr if day == 1 => format!("1er {}", FR_MONTHS[m]),
            Lang::Fr => format!("{day} {}", FR_MONTHS[m]),
            Lang::Zh => format!("{month}月{day}日"),
        }
    }
}

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DE_MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const ES_MONTHS: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

fn group(n: i64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Lowercase ASCII for an email address.
fn fold(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| match c {
            'ä' => "ae".into(),
            'ö' => "oe".into(),
            'ü' => "ue".into(),
            'ß' => "ss".into(),
            'á' | 'à' | 'â' => "a".into(),
            'é' | 'è' | 'ê' | 'ë' => "e".into(),
            'í' | 'ï' | 'î' => "i".into(),
            'ó' | 'ô' => "o".into(),
            'ú' | 'û' => "u".into(),
            'ñ' => "n".into(),
            'ç' => "c".into(),
            c => c.to_string(),
        })
        .collect()
}

fn pinyin(hanzi: &str) -> &'static str {
    const TABLE: [(&str, &str); 30] = [
        ("伟", "wei"),
        ("芳", "fang"),
        ("娜", "na"),
        ("敏", "min"),
        ("静", "jing"),
        ("磊", "lei"),
        ("洋", "yang"),
        ("艳", "yan"),
        ("勇", "yong"),
        ("军", "jun"),
        ("杰", "jie"),
        ("娟", "juan"),
        ("涛", "tao"),
        ("明", "ming"),
        ("超", "chao"),
        ("霞", "xia"),
        ("王", "wang"),
        ("李", "li"),
        ("张", "zhang"),
        ("刘", "liu"),
        ("陈", "chen"),
        ("杨", "yang"),
        ("黄", "huang"),
        ("赵", "zhao"),
        ("周", "zhou"),
        ("吴", "wu"),
        ("徐", "xu"),
        ("孙", "sun"),
        ("马", "ma"),
        ("朱", "zhu"),
    ];
    TABLE
        .iter()
        .find(|(h, _)| *h == hanzi)
        .map_or("x", |(_, p)| p)
}

/// (year, month, day) of a Unix time, UTC (Howard Hinnant's civil_from_days).
pub fn civil(unix: i64) -> (i64, u32, u32) {
    let z = unix.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// RFC 3339 UTC time of a Unix time.
pub fn rfc3339(unix: i64) -> String {
    let (y, m, d) = civil(unix);
    let s = unix.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_dates_are_written_per_language() {
        assert_eq!(Lang::De.money(4990, "eur", 0), "49,90 €");
        assert_eq!(Lang::En.money(123_456, "usd", 0), "$1,234.56");
        assert_eq!(Lang::En.money(4900, "jpy", 0), "¥4,900");
        assert_eq!(Lang::Zh.money(4990, "usd", 0), "49.90美元");
        assert_eq!(Lang::Fr.date(1_772_496_000, false), "3 mars");
        assert_eq!(rfc3339(1_772_496_000 + 3661), "2026-03-03T01:01:01Z");
    }
}
