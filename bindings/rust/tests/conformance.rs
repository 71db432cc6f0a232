//! The shared conformance set (tests/vectors/conformance.json): the same
//! answers, byte for byte, in every language. The crate has no dependencies,
//! so this test reads the file with a small JSON reader of its own.
use ssrmeta as ssr;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(BTreeMap<String, Json>),
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    fn ws(&mut self) {
        while self.i < self.s.len() && b" \t\r\n".contains(&self.s[self.i]) {
            self.i += 1;
        }
    }
    fn value(&mut self) -> Json {
        self.ws();
        match self.s[self.i] {
            b'{' => {
                self.i += 1;
                let mut m = BTreeMap::new();
                loop {
                    self.ws();
                    if self.s[self.i] == b'}' {
                        self.i += 1;
                        return Json::Obj(m);
                    }
                    let k = match self.value() {
                        Json::Str(k) => k,
                        other => panic!("name {:?}", other),
                    };
                    self.ws();
                    assert_eq!(self.s[self.i], b':');
                    self.i += 1;
                    m.insert(k, self.value());
                    self.ws();
                    if self.s[self.i] == b',' {
                        self.i += 1;
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut v = Vec::new();
                loop {
                    self.ws();
                    if self.s[self.i] == b']' {
                        self.i += 1;
                        return Json::Arr(v);
                    }
                    v.push(self.value());
                    self.ws();
                    if self.s[self.i] == b',' {
                        self.i += 1;
                    }
                }
            }
            b'"' => {
                self.i += 1;
                let mut units: Vec<u16> = Vec::new();
                let mut out = String::new();
                loop {
                    let c = self.s[self.i];
                    if c == b'"' || (c != b'\\' && !units.is_empty()) || (c == b'\\' && self.s[self.i + 1] != b'u') {
                        out.push_str(&String::from_utf16(&units).unwrap());
                        units.clear();
                    }
                    match c {
                        b'"' => {
                            self.i += 1;
                            return Json::Str(out);
                        }
                        b'\\' => {
                            let e = self.s[self.i + 1];
                            self.i += 2;
                            match e {
                                b'u' => {
                                    let hex = std::str::from_utf8(&self.s[self.i..self.i + 4]).unwrap();
                                    units.push(u16::from_str_radix(hex, 16).unwrap());
                                    self.i += 4;
                                }
                                b'n' => out.push('\n'),
                                b't' => out.push('\t'),
                                b'r' => out.push('\r'),
                                b'b' => out.push('\u{8}'),
                                b'f' => out.push('\u{c}'),
                                other => out.push(other as char),
                            }
                        }
                        _ => {
                            let start = self.i;
                            while self.s[self.i] != b'"' && self.s[self.i] != b'\\' {
                                self.i += 1;
                            }
                            out.push_str(std::str::from_utf8(&self.s[start..self.i]).unwrap());
                        }
                    }
                }
            }
            b't' => {
                self.i += 4;
                Json::Bool(true)
            }
            b'f' => {
                self.i += 5;
                Json::Bool(false)
            }
            b'n' => {
                self.i += 4;
                Json::Null
            }
            _ => {
                let start = self.i;
                while self.i < self.s.len() && b"+-.eE0123456789".contains(&self.s[self.i]) {
                    self.i += 1;
                }
                Json::Num(std::str::from_utf8(&self.s[start..self.i]).unwrap().parse().unwrap())
            }
        }
    }
}

impl Json {
    fn get(&self, k: &str) -> Option<&Json> {
        match self {
            Json::Obj(m) => m.get(k),
            _ => None,
        }
    }
    fn s(&self, k: &str) -> &str {
        match self.get(k) {
            Some(Json::Str(s)) => s,
            other => panic!("{}: {:?}", k, other),
        }
    }
    fn items(&self, k: &str) -> &[Json] {
        match self.get(k) {
            Some(Json::Arr(v)) => v,
            other => panic!("{}: {:?}", k, other),
        }
    }
    fn num(&self, k: &str) -> f64 {
        match self.get(k) {
            Some(Json::Num(n)) => *n,
            other => panic!("{}: {:?}", k, other),
        }
    }
}

#[test]
fn shared_conformance_set() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/conformance.json");
    let text = fs::read(path).unwrap();
    let conf = Reader { s: &text, i: 0 }.value();

    for c in conf.items("canonical") {
        let out = ssr::canonicalize(c.s("input").as_bytes());
        match c.get("error") {
            Some(Json::Str(code)) => match out {
                Err(ssr::Error::Invalid(r)) => assert_eq!(&r.diagnostics[0].code, code),
                other => panic!("{:?}", other),
            },
            _ => assert_eq!(out.unwrap(), c.s("output").as_bytes()),
        }
    }
    for d in conf.items("digests") {
        assert_eq!(ssr::digest(d.s("data").as_bytes(), d.s("alg")).unwrap(), d.s("hex"));
    }
    let keys = conf.get("keys").unwrap();
    for s in conf.items("sign") {
        let env = ssr::dsse_sign(s.s("payload").as_bytes(), s.s("payload_type"), keys.s("secret").as_bytes()).unwrap();
        assert_eq!(env, s.s("envelope").as_bytes());
    }
    for v in conf.items("verify") {
        let pems: Vec<&[u8]> = v
            .items("keys")
            .iter()
            .map(|k| match k {
                Json::Str(name) => keys.s(name).as_bytes(),
                other => panic!("{:?}", other),
            })
            .collect();
        let got = ssr::dsse_verify(v.s("envelope").as_bytes(), &pems, v.num("threshold") as usize);
        match v.get("error") {
            Some(Json::Str(e)) if e == "verification" => assert!(matches!(got, Err(ssr::Error::Verification { .. }))),
            Some(Json::Str(e)) if e == "invalid" => assert!(matches!(got, Err(ssr::Error::Invalid(_)))),
            _ => assert_eq!(got.unwrap().payload, v.s("payload").as_bytes()),
        }
    }
    for m in conf.items("match") {
        let r = ssr::tp_match(m.s("policy").as_bytes(), m.s("claims").as_bytes(), m.num("now") as i64).unwrap();
        assert_eq!(Some(&Json::Bool(r.matched)), m.get("matched"));
        assert_eq!(r.jti.as_deref(), Some(m.s("jti")));
        match m.get("failed_claim") {
            Some(Json::Str(claim)) => assert_eq!(r.failed_claim.as_deref(), Some(claim.as_str())),
            _ => assert_eq!(r.failed_claim, None),
        }
    }
}
