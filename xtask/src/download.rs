//! Fetching a `$metadata` document for `regen --metadata URL`: with a
//! progress bar, a time limit, a size limit and gzip, checked to be a CSDL
//! document before it is kept, and cached under `target/` so that a second
//! run can reuse it when the service cannot be reached.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a download may take, and how large it may be.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeout: Duration,
    pub max_bytes: u64,
}

/// The whole beta `$metadata` is tens of MB; a hundred times that is not a document.
pub const LIMITS: Limits = Limits { timeout: Duration::from_secs(300), max_bytes: 1 << 30 };

/// Whether `input` names a URL rather than a file.
pub fn is_url(input: &str) -> bool {
    input.starts_with("https://") || input.starts_with("http://")
}

/// Where downloads are kept: `target/metadata-download/`.
pub fn cache_dir(root: &Path) -> PathBuf {
    root.join("target/metadata-download")
}

/// Downloads `url` into `cache` and returns the file. When the service
/// cannot be reached at all and an earlier download of the same URL is in
/// `cache`, that copy is used (with a notice). Nothing is written unless
/// what arrived is a whole CSDL document.
pub fn fetch(url: &str, cache: &Path, limits: Limits) -> Result<PathBuf, String> {
    let cached = cache.join(cache_name(url));
    match download(url, limits) {
        Ok(bytes) => {
            std::fs::create_dir_all(cache).map_err(|e| format!("{}: {e}", cache.display()))?;
            let partial = cached.with_extension("partial");
            std::fs::write(&partial, &bytes).map_err(|e| format!("{}: {e}", partial.display()))?;
            std::fs::rename(&partial, &cached).map_err(|e| format!("{}: {e}", cached.display()))?;
            Ok(cached)
        }
        Err(Failure::Unreachable(reason)) if cached.is_file() => {
            eprintln!("{url} cannot be reached ({reason}); using the copy downloaded before: {}", cached.display());
            Ok(cached)
        }
        Err(failure) => Err(format!("{url}: {}", failure.reason())),
    }
}

enum Failure {
    /// No answer at all (no route, refused, name unknown): a cached copy may stand in.
    Unreachable(String),
    /// An answer that is not the document.
    Refused(String),
}

impl Failure {
    fn reason(&self) -> &str {
        match self {
            Failure::Unreachable(reason) | Failure::Refused(reason) => reason,
        }
    }
}

fn download(url: &str, limits: Limits) -> Result<Vec<u8>, Failure> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .http_status_as_error(false)
        .max_redirects(5)
        .build()
        .into();
    let mut response = agent.get(url).header("Accept", "application/xml").call().map_err(|error| match error {
        ureq::Error::Io(_) | ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => {
            Failure::Unreachable(error.to_string())
        }
        ureq::Error::Timeout(_) => Failure::Refused(format!("timed out after {:?}", limits.timeout)),
        other => Failure::Refused(other.to_string()),
    })?;
    let status = response.status();
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    if !status.is_success() {
        let mut start = String::new();
        let _ = response.body_mut().with_config().limit(4096).reader().take(300).read_to_string(&mut start);
        let start: String = start.split_whitespace().collect::<Vec<_>>().join(" ");
        return Err(Failure::Refused(format!("the service answered {status} ({content_type}): {start}")));
    }
    if !content_type.is_empty() && !content_type.contains("xml") {
        return Err(Failure::Refused(format!("the answer is {content_type}, not a CSDL (XML) document")));
    }
    let length = response.body().content_length();
    if let Some(length) = length.filter(|&length| length > limits.max_bytes) {
        return Err(Failure::Refused(format!(
            "the document would be {length} bytes, more than the limit of {}",
            limits.max_bytes
        )));
    }
    let progress = match length {
        Some(length) => indicatif::ProgressBar::new(length),
        None => indicatif::ProgressBar::new_spinner(),
    };
    progress.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {bytes}/{total_bytes} {bytes_per_sec} {wide_bar}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut reader = progress.wrap_read(response.body_mut().with_config().limit(limits.max_bytes).reader());
    let mut bytes = Vec::new();
    let read = reader.read_to_end(&mut bytes);
    progress.finish_and_clear();
    read.map_err(|error| {
        let text = error.to_string();
        if text.contains("limit") {
            Failure::Refused(format!("the document is larger than the limit of {} bytes", limits.max_bytes))
        } else if text.contains("timed out") || text.contains("Timeout") {
            Failure::Refused(format!("timed out after {:?}", limits.timeout))
        } else {
            Failure::Refused(format!("the download was cut short after {} bytes: {text}", bytes.len()))
        }
    })?;
    match first_element(&bytes) {
        Some(name) if name == "edmx:Edmx" => Ok(bytes),
        Some(name) => Err(Failure::Refused(format!(
            "the answer is an XML document with a <{name}> root, not a CSDL document (<edmx:Edmx>)"
        ))),
        None => Err(Failure::Refused("the answer is not an XML document".into())),
    }
}

/// The name of the first element of an XML document, after the declaration,
/// comments and processing instructions (`None` when there is none).
fn first_element(bytes: &[u8]) -> Option<String> {
    // The start is what matters (a cut may split a character: lossy is fine).
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("<?") {
            rest = &after[after.find("?>")? + 2..];
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->")? + 3..];
        } else if let Some(after) = rest.strip_prefix('<') {
            let end = after.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
            return Some(after[..end].to_owned());
        } else {
            return None;
        }
    }
}

/// A file name for a URL's download: its characters outside `[A-Za-z0-9.-]`
/// as `_`, cut to a length every file system takes.
fn cache_name(url: &str) -> String {
    let name: String = url
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
        .take(120)
        .collect();
    format!("{name}.csdl")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;
    use std::net::TcpListener;

    /// A server on loopback that answers one connection with `head` and
    /// `body` (after `delay`), sending at most `send` bytes of the body.
    pub fn serve_once(head: String, body: Vec<u8>, delay: Duration, send: usize) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/beta/$metadata", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            if let Ok((mut socket, _)) = listener.accept() {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request);
                std::thread::sleep(delay);
                let _ = socket.write_all(head.as_bytes());
                let _ = socket.write_all(&body[..send.min(body.len())]);
            }
        });
        url
    }

    pub fn answer(status: &str, content_type: &str, body: Vec<u8>, extra: &str) -> (String, Vec<u8>) {
        let head = format!(
            "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n{extra}connection: close\r\n\r\n",
            body.len()
        );
        (head, body)
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    const DOCUMENT: &str = include_str!("../../metadata/beta/synchronization.csdl");

    fn limits() -> Limits {
        Limits { timeout: Duration::from_millis(1500), max_bytes: 1 << 20 }
    }

    #[test]
    fn a_gzipped_document_is_downloaded_checked_and_cached() {
        let cache = tempfile::tempdir().unwrap();
        let (head, body) = answer("200 OK", "application/xml", gzip(DOCUMENT.as_bytes()), "content-encoding: gzip\r\n");
        let url = serve_once(head, body.clone(), Duration::ZERO, body.len());
        let path = fetch(&url, cache.path(), limits()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), DOCUMENT);
        // The service gone: the copy downloaded before is used.
        let gone = {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap()
        };
        let same_url_elsewhere = url.replace(&url["http://".len()..url.find("/beta").unwrap()], &gone.to_string());
        assert!(fetch(&same_url_elsewhere, cache.path(), limits()).is_err(), "another URL has no copy");
        std::fs::copy(&path, cache.path().join(cache_name(&same_url_elsewhere))).unwrap();
        assert_eq!(
            fetch(&same_url_elsewhere, cache.path(), limits()).unwrap(),
            cache.path().join(cache_name(&same_url_elsewhere))
        );
    }

    /// Each way a download goes wrong is an error that says so, and nothing
    /// is written to the cache.
    #[test]
    fn every_failure_is_an_error_and_leaves_the_cache_alone() {
        let document = DOCUMENT.as_bytes().to_vec();
        let cases: Vec<(&str, String, Vec<u8>, Duration, usize)> = vec![
            {
                let (head, body) = answer("200 OK", "application/xml", document.clone(), "");
                ("timed out", head, body, Duration::from_secs(3), usize::MAX)
            },
            {
                let (head, body) = answer("200 OK", "application/xml", document.clone(), "");
                ("cut short", head, body, Duration::ZERO, 100)
            },
            {
                let (head, body) = answer("200 OK", "application/json", b"{\"value\": []}".to_vec(), "");
                ("not a CSDL (XML) document", head, body, Duration::ZERO, usize::MAX)
            },
            {
                let (head, body) = answer(
                    "503 Service Unavailable",
                    "text/html",
                    b"<html><body>Service Unavailable</body></html>".to_vec(),
                    "",
                );
                ("503", head, body, Duration::ZERO, usize::MAX)
            },
            {
                let (head, body) =
                    answer("200 OK", "application/xml", b"<html><body>Sign in</body></html>".to_vec(), "");
                ("<html> root", head, body, Duration::ZERO, usize::MAX)
            },
            {
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/xml\r\ncontent-length: 2000000000\r\nconnection: close\r\n\r\n".to_owned();
                ("more than the limit", head, Vec::new(), Duration::ZERO, 0)
            },
            {
                // No length announced, and more than the limit arrives.
                let mut body = b"<?xml version=\"1.0\"?><edmx:Edmx>".to_vec();
                body.resize(2 << 20, b' ');
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/xml\r\nconnection: close\r\n\r\n".to_owned();
                ("larger than the limit", head, body, Duration::ZERO, usize::MAX)
            },
        ];
        for (expected, head, body, delay, send) in cases {
            let cache = tempfile::tempdir().unwrap();
            let url = serve_once(head, body, delay, send);
            let error = fetch(&url, cache.path(), limits()).unwrap_err();
            assert!(error.contains(expected), "expected {expected:?} in: {error}");
            assert_eq!(std::fs::read_dir(cache.path()).unwrap().count(), 0, "{expected}: the cache is untouched");
        }
    }

    #[test]
    fn the_first_element_is_found_after_declarations_and_comments() {
        assert_eq!(
            first_element(b"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- x --><edmx:Edmx Version=\"4.0\">").as_deref(),
            Some("edmx:Edmx")
        );
        assert_eq!(first_element(b"<html>").as_deref(), Some("html"));
        assert_eq!(first_element(b"{\"a\": 1}"), None);
        assert_eq!(cache_name("https://graph.microsoft.com/beta/$metadata"), "graph.microsoft.com_beta__metadata.csdl");
    }
}
