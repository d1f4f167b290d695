//! `remodel verify` against a loopback server that answers as the Models API does, in pages of
//! two, with one 429 first.

use crate::support::*;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

const KEY: &str = "sk-ant-test-SECRET-0123456789";

/// Serves `GET /v1/models`: the first answer is a 429, then pages of two of `ids`. Returns the
/// base URL and the request heads it saw.
fn server(ids: &'static [&'static str], status: u16) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        let mut first = true;
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            log.lock().unwrap().push(head.clone());
            let (code, body, extra) = if status != 200 {
                (
                    status,
                    "{\"type\":\"error\"}".to_string(),
                    "retry-after: 0\r\n",
                )
            } else if first {
                first = false;
                (
                    429,
                    "{\"type\":\"error\"}".to_string(),
                    "retry-after: 0\r\n",
                )
            } else {
                let after = head
                    .split_whitespace()
                    .nth(1)
                    .and_then(|p| p.split("after_id=").nth(1))
                    .map(|a| a.split('&').next().unwrap().to_string());
                let start = after
                    .and_then(|a| ids.iter().position(|i| *i == a).map(|p| p + 1))
                    .unwrap_or(0);
                let page: Vec<&str> = ids.iter().skip(start).take(2).copied().collect();
                let more = start + 2 < ids.len();
                let data: Vec<String> = page
                    .iter()
                    .map(|i| format!("{{\"type\":\"model\",\"id\":\"{i}\",\"display_name\":\"x\",\"created_at\":\"2026-01-01T00:00:00Z\"}}"))
                    .collect();
                (
                    200,
                    format!(
                        "{{\"data\":[{}],\"has_more\":{more},\"first_id\":{},\"last_id\":{}}}",
                        data.join(","),
                        page.first().map_or("null".into(), |f| format!("\"{f}\"")),
                        page.last().map_or("null".into(), |l| format!("\"{l}\""))
                    ),
                    "",
                )
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {code} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n{extra}\r\n{body}",
                body.len()
            );
        }
    });
    (base, seen)
}

fn verify(dir: &std::path::Path, base: &str, key: Option<&str>) -> std::process::Output {
    let mut c = bin();
    c.current_dir(dir)
        .args(["verify", "--as-of", AS_OF, "--base-url", base])
        .env_remove("ANTHROPIC_API_KEY");
    if let Some(k) = key {
        c.env("ANTHROPIC_API_KEY", k);
    }
    c.output().unwrap()
}

#[test]
fn verify_reports_replacements_the_key_cannot_use() {
    static IDS: &[&str] = &[
        "claude-opus-4-8",
        "claude-haiku-4-5-20251001",
        "claude-sonnet-4-6",
        "claude-future-9",
        "claude-3-5-sonnet-20240620",
    ];
    let (base, seen) = server(IDS, 200);
    let t = tree(&[(
        "app.py",
        b"A = \"claude-3-opus-20240229\"\nB = \"claude-3-5-sonnet-20240620\"\nC = \"claude-sonnet-4-5-20250929\"\nD = \"us.anthropic.claude-3-haiku-20240307-v1:0\"\n",
    )]);
    let o = verify(t.path(), &base, Some(KEY));
    let (out, err) = (stdout(&o), stderr(&o));
    assert_eq!(code(&o), 1, "{out}{err}");
    assert!(out.starts_with("The key can use 5 models.\n"), "{out}");
    assert!(
        out.contains("replacement claude-sonnet-5-5 is not available to this key; fix would point 1 place at it: app.py:3"),
        "{out}"
    );
    assert!(
        out.contains("claude-3-opus-20240229 is in use but not available to this key: app.py:1"),
        "{out}"
    );
    assert!(
        !out.contains("claude-3-5-sonnet-20240620 is in use"),
        "{out}"
    );
    assert!(
        out.contains("the registry does not know, so the data may be behind: claude-future-9"),
        "{out}"
    );
    assert!(
        out.contains("1 finding in Bedrock, Vertex or gateway form not checked"),
        "{out}"
    );
    assert!(err.contains("429, retrying in 0.0 s"), "{err}");
    // Pages followed with after_id; the headers the API asks for; the key in no output.
    let heads = seen.lock().unwrap().clone();
    assert_eq!(heads.len(), 4, "{heads:?}");
    assert!(heads[3].contains("after_id=claude-future-9"), "{heads:?}");
    for h in &heads {
        let lower = h.to_ascii_lowercase();
        assert!(lower.contains(&format!("x-api-key: {}", KEY.to_ascii_lowercase())));
        assert!(lower.contains("anthropic-version: 2023-06-01"));
        assert!(h.contains("limit=1000"));
    }
    assert!(!out.contains(KEY) && !err.contains(KEY));
}

#[test]
fn verify_fails_closed_on_a_refused_or_missing_key() {
    let (base, _) = server(&[], 401);
    let t = tree(&[("app.py", b"A = \"claude-3-opus-20240229\"\n")]);
    let o = verify(t.path(), &base, Some(KEY));
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("401: the API key was refused; check ANTHROPIC_API_KEY"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains(KEY) && !stdout(&o).contains(KEY));
    let o = verify(t.path(), &base, None);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("set ANTHROPIC_API_KEY"),
        "{}",
        stderr(&o)
    );
    // Overloaded every time: retried, then exit 2.
    let (base, seen) = server(&[], 529);
    let o = verify(t.path(), &base, Some(KEY));
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert_eq!(seen.lock().unwrap().len(), 4, "retried up to the limit");
    assert!(
        stderr(&o).contains("529 after 4 attempts"),
        "{}",
        stderr(&o)
    );
}
