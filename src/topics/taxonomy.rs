//! The taxonomy of IT symptoms: eight categories, each a query in Townhall's own language
//! ([`crate::query`]) so that an analyst can read it and change it. The defaults are written in
//! English and Spanish; a workspace may replace any of them (a setting named
//! `problems.<category>`), and a replacement is checked by the query parser like a topic's.

use std::fmt;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::query::{self, Matcher};
use crate::store::settings;

/// A kind of problem people report, after Downdetector's "most reported problems".
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    Login,
    Outage,
    Slow,
    WrongData,
    Notifications,
    Payments,
    Mobile,
    Security,
}

impl Problem {
    pub const ALL: [Problem; 8] = [
        Problem::Login,
        Problem::Outage,
        Problem::Slow,
        Problem::WrongData,
        Problem::Notifications,
        Problem::Payments,
        Problem::Mobile,
        Problem::Security,
    ];

    /// The category's name in commands, settings and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Problem::Login => "login",
            Problem::Outage => "outage",
            Problem::Slow => "slow",
            Problem::WrongData => "wrong-data",
            Problem::Notifications => "notifications",
            Problem::Payments => "payments",
            Problem::Mobile => "mobile",
            Problem::Security => "security",
        }
    }

    /// What the category means, for people.
    pub fn label(self) -> &'static str {
        match self {
            Problem::Login => "Can't sign in",
            Problem::Outage => "Down or unavailable",
            Problem::Slow => "Slow or timing out",
            Problem::WrongData => "Wrong or missing data",
            Problem::Notifications => "Messages not arriving",
            Problem::Payments => "Payments and charges",
            Problem::Mobile => "The phone app",
            Problem::Security => "Security and privacy",
        }
    }

    /// The category named `name` (`wrong-data`, also `wrong_data`), or an error listing them.
    pub fn parse(name: &str) -> Result<Problem> {
        let wanted = name.trim().to_lowercase().replace('_', "-");
        Problem::ALL
            .into_iter()
            .find(|p| p.as_str() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = Problem::ALL.iter().map(|p| p.as_str()).collect();
                Error::InvalidInput(format!(
                    "no problem category named {name:?}; the categories are {}",
                    names.join(", ")
                ))
            })
    }

    /// The setting that replaces this category's query in a workspace.
    pub fn setting_key(self) -> String {
        format!("{SETTING_PREFIX}{}", self.as_str())
    }

    /// The built-in query. English and Spanish terms; accents and case are ignored, a word also
    /// matches its `#hashtag`, and `word*` any word starting so.
    pub fn default_query(self) -> &'static str {
        match self {
            Problem::Login => LOGIN,
            Problem::Outage => OUTAGE,
            Problem::Slow => SLOW,
            Problem::WrongData => WRONG_DATA,
            Problem::Notifications => NOTIFICATIONS,
            Problem::Payments => PAYMENTS,
            Problem::Mobile => MOBILE,
            Problem::Security => SECURITY,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Settings named `problems.<category>` replace that category's query.
pub const SETTING_PREFIX: &str = "problems.";

const LOGIN: &str = r#"login* OR logon OR "log in" OR "logging in" OR "log into" OR "logged out" OR "log me out" OR "logs me out" OR "logged me out" OR "sign in" OR "signing in" OR "sign into" OR "signed out" OR signin OR password* OR passcode OR "locked out" OR 2fa OR mfa OR "two factor" OR "verification code" OR "session expired" OR "invalid session" OR "can't get in" OR "can't get into" OR "cannot get in"
OR contraseña* OR "iniciar sesión" OR "inicio de sesión" OR "cierra la sesión" OR "sesión expirada" OR "sesión caducada" OR "no puedo entrar" OR "no me deja entrar" OR "no puedo ingresar" OR "no puedo acceder" OR "cuenta bloqueada" OR "código de verificación" OR "sesión expiró" OR "sesión caducó" OR bloqueada OR bloqueado OR ingresar"#;

const OUTAGE: &str = r#"(down NOT ("slow down" OR "calm down" OR "sit down" OR "sat down" OR "down payment")) OR outage* OR "not working" OR "isn't working" OR "stopped working" OR "doesn't work" OR "does not work" OR "won't load" OR "wont load" OR "will not load" OR "not loading" OR "won't open" OR "can't connect" OR "cannot connect" OR unavailable OR unreachable OR "error page" OR "server error" OR "internal error" OR "error 500" OR "500 error" OR "502" OR "503" OR "bad gateway" OR crash* OR offline OR broken
OR caído OR caída OR "se cayó" OR "se cae" OR "se cierra sola" OR "se cierra solo" OR "no funciona" OR "no sirve" OR "no carga" OR "no abre" OR "no disponible" OR "no está disponible" OR "fuera de servicio" OR "fuera de línea" OR "sin servicio" OR "página de error" OR "error del servidor" OR "dejó de funcionar" OR falla OR fallando"#;

const SLOW: &str = r#"slow* OR sluggish OR lag OR laggy OR lagging OR "loading forever" OR "takes forever" OR "taking forever" OR "took forever" OR "forever to load" OR "keeps loading" OR "still loading" OR "spinning wheel" OR spinning OR timeout OR timeouts OR "timed out" OR "times out" OR "timing out" OR freezes OR freezing OR frozen
OR lento OR lenta OR lentísimo OR lentitud OR tarda OR tardando OR "sigue cargando" OR cargando OR "se traba" OR "se congela" OR "tiempo de espera""#;

const WRONG_DATA: &str = r#"((wrong OR missing OR incorrect OR disappeared OR vanished OR lost OR erased OR deleted OR "mixed up" OR duplicated OR outdated) AND (grade* OR schedule* OR record* OR balance* OR transcript* OR attendance OR data OR score* OR class OR classes OR classroom OR "report card" OR assignment* OR address))
OR ((incorrecto* OR incorrecta* OR equivocado* OR equivocada* OR erróneo* OR errónea* OR "está mal" OR "están mal" OR falta OR faltan OR desapareció OR desaparecieron OR perdieron OR perdió OR borraron OR borrado* OR "no aparece" OR "no aparecen" OR duplicado*) AND (nota OR notas OR calificación OR calificaciones OR horario* OR registro* OR saldo* OR datos OR asistencia OR expediente* OR clase OR clases OR tarea* OR boleta))"#;

const NOTIFICATIONS: &str = r#"notification* OR notificación OR notificaciones
OR ((email* OR "e-mail" OR alert* OR texts OR "text message" OR "text messages" OR sms OR reminder* OR message*) AND (never OR "not getting" OR "didn't get" OR "did not get" OR "didn't receive" OR "haven't received" OR "haven't gotten" OR "not receiving" OR "stopped getting" OR "stopped sending" OR arrive* OR late OR delayed OR spam))
OR ((correo* OR mensaje* OR aviso* OR alerta* OR recordatorio* OR sms) AND ("no llega" OR "no llegan" OR "no me llega" OR "no me llegan" OR tarde OR "no llegó" OR "nunca llega" OR "nunca llegó" OR "no recibo" OR "no recibí" OR "no he recibido" OR "no hemos recibido" OR "dejaron de llegar" OR "llegan tarde" OR "llegó tarde" OR spam))"#;

const PAYMENTS: &str = r#"payment* OR (pay NOT "pay attention") OR paying OR paid OR charged OR billed OR overcharged OR charge OR charges OR refund* OR fee OR fees OR billing OR bill OR invoice* OR "credit card" OR "debit card" OR checkout OR "lunch account" OR "lunch balance" OR transaction*
OR pago OR pagos OR pagar OR pagué OR pagado OR cobro OR cobros OR cobraron OR cobrado OR reembolso* OR devolución OR tarjeta OR factura* OR cuota* OR transacción OR transacciones"#;

const MOBILE: &str = r#"app OR apps OR mobile OR iphone* OR android OR ios OR ipad OR "my phone" OR "on a phone" OR "phone app" OR phones OR smartphone OR tablet OR "app store" OR "play store"
OR aplicación OR celular OR móvil OR "mi teléfono" OR "el teléfono" OR "del teléfono" OR tableta OR tabletas"#;

const SECURITY: &str = r#"breach* OR hack OR hacked OR hacker* OR hacking OR phishing OR phish OR scam* OR leak OR leaked OR leaks OR privacy OR stolen OR "identity theft" OR malware OR ransomware OR suspicious OR exposed OR "someone else's" OR "another student's" OR "another family's" OR unauthorized OR compromised
OR hackeo OR hackearon OR hackeado OR hackeada OR filtración OR filtrado* OR filtraron OR "datos personales" OR privacidad OR estafa* OR robo OR robaron OR suplantación OR fraude OR sospechoso* OR "de otro alumno" OR "de otra familia" OR "sin autorización""#;

/// One category as a workspace uses it: its query, whether the workspace replaced the built-in
/// one, and the query compiled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Category {
    pub problem: Problem,
    pub label: &'static str,
    pub query: String,
    /// Whether this workspace replaced the built-in query.
    pub custom: bool,
    #[serde(skip)]
    pub matcher: Matcher,
}

impl Category {
    fn new(problem: Problem, query: &str, custom: bool) -> Result<Category> {
        Ok(Category {
            problem,
            label: problem.label(),
            query: query.to_string(),
            custom,
            matcher: compile(problem, query)?,
        })
    }
}

/// Compiles a category's query, with the parser's message and column on failure.
pub fn compile(problem: Problem, query_text: &str) -> Result<Matcher> {
    query::compile(query_text)
        .map_err(|e| Error::InvalidInput(format!("problem {problem}: query {e}")))
}

/// Every category with the query it uses, in [`Problem::ALL`]'s order.
#[derive(Debug, Clone, PartialEq)]
pub struct Taxonomy {
    categories: Vec<Category>,
}

impl Taxonomy {
    /// The built-in queries.
    pub fn defaults() -> Taxonomy {
        let categories = Problem::ALL
            .into_iter()
            .map(|p| Category::new(p, p.default_query(), false).expect("built-in queries compile"))
            .collect();
        Taxonomy { categories }
    }

    /// The workspace's taxonomy: the built-in queries, each replaced by its setting when set. A
    /// saved query that no longer compiles (a newer query language read by an older build) is an
    /// error naming the category, never a silent zero.
    pub fn load(conn: &Connection) -> Result<Taxonomy> {
        let categories = Problem::ALL
            .into_iter()
            .map(|p| match settings::get(conn, &p.setting_key())? {
                Some(saved) => Category::new(p, &saved, true),
                None => Category::new(p, p.default_query(), false),
            })
            .collect::<Result<_>>()?;
        Ok(Taxonomy { categories })
    }

    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// The queries in the taxonomy's order, as one text: two taxonomies with the same
    /// fingerprint put every post in the same categories.
    pub fn fingerprint(&self) -> String {
        let queries: Vec<&str> = self.categories.iter().map(|c| c.query.as_str()).collect();
        serde_json::to_string(&queries).expect("queries serialise")
    }

    pub fn get(&self, problem: Problem) -> &Category {
        &self.categories[problem as usize]
    }

    /// The categories of a set, in the taxonomy's order.
    pub fn problems(&self, set: ProblemSet) -> Vec<Problem> {
        set.indices().map(|i| self.categories[i].problem).collect()
    }
}

/// The categories a post is in, as bits: bit `i` is the taxonomy's `i`-th category (the bits
/// `post_problems` keeps). A copy, with no allocation, for the millions of posts a large topic
/// has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProblemSet(u32);

impl ProblemSet {
    pub fn from_bits(bits: u32) -> Self {
        ProblemSet(bits)
    }

    pub fn bits(self) -> u32 {
        self.0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Puts the post in the taxonomy's `i`-th category.
    pub fn insert(&mut self, i: usize) {
        self.0 |= 1 << i;
    }

    /// The positions in the taxonomy of its categories, in order.
    pub fn indices(self) -> impl Iterator<Item = usize> {
        let mut bits = self.0;
        std::iter::from_fn(move || {
            (bits != 0).then(|| {
                let i = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                i
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_names_its_categories_in_the_taxonomy_s_order() {
        let taxonomy = Taxonomy::defaults();
        let mut set = ProblemSet::default();
        assert!(set.is_empty() && taxonomy.problems(set).is_empty());
        set.insert(Problem::Slow as usize);
        set.insert(Problem::Login as usize);
        assert_eq!(set.bits(), 0b101);
        assert_eq!(set.indices().collect::<Vec<_>>(), [0, 2]);
        assert_eq!(taxonomy.problems(set), [Problem::Login, Problem::Slow]);
        let last = Problem::ALL.len() - 1;
        let top = ProblemSet::from_bits(1 << last);
        assert_eq!(taxonomy.problems(top), [Problem::ALL[last]]);
    }

    #[test]
    fn every_category_parses_by_name_and_is_in_order() {
        for (i, p) in Problem::ALL.into_iter().enumerate() {
            assert_eq!(Problem::parse(p.as_str()).unwrap(), p);
            assert_eq!(p as usize, i);
        }
        assert_eq!(Problem::parse("Wrong_Data").unwrap(), Problem::WrongData);
        let err = Problem::parse("printer").unwrap_err().to_string();
        assert!(err.contains("login, outage, slow"), "{err}");
    }

    #[test]
    fn the_defaults_compile() {
        let t = Taxonomy::defaults();
        assert!(t.categories().iter().all(|c| !c.custom));
        assert_eq!(t.get(Problem::Mobile).problem, Problem::Mobile);
    }
}
