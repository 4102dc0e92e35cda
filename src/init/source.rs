//! Where the CI workflow `ect init` writes installs `ect` from: the same
//! source this `ect` was installed from, as cargo recorded it, so the
//! workflow works without editing. Pure parsing here; `cmd/init.rs` reads
//! the files.
//!
//! Cargo records every `cargo install` in `.crates2.json` in the install
//! root (`$CARGO_HOME`, `~/.cargo` by default, or `--root` /
//! `$CARGO_INSTALL_ROOT`): `{"installs": {"<name> <version> (<source>)":
//! {..}}}`, where `<source>` is `git+URL?tag=T#SHA`, `git+URL?rev=R#SHA`,
//! `git+URL?branch=B#SHA`, `git+URL#SHA`, `registry+URL` or
//! `path+file:///DIR`. Every cargo since 1.41 (January 2020) writes it
//! beside the older `.crates.toml` with the same keys, so the TOML form is
//! not read.

use std::path::PathBuf;

/// The crates.io index as cargo names it in its records (the git form,
/// kept even when the sparse protocol is used), and the sparse form.
const CRATES_IO: [&str; 2] = [
    "https://github.com/rust-lang/crates.io-index",
    "https://index.crates.io/",
];

/// How the workflow installs `ect`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EctSource {
    /// `cargo install --git URL --tag TAG`.
    GitTag { url: String, tag: String },
    /// `cargo install --git URL --rev SHA`: an exact commit.
    GitRev { url: String, rev: String },
    /// `cargo install ect --version VERSION` from crates.io.
    CratesIo,
    /// Not known: the workflow carries [`super::GIT_PLACEHOLDER`].
    Unknown,
}

/// One install of the package `ect` as cargo recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Installed {
    Git {
        url: String,
        /// `tag`, `rev` or `branch` with its value, when one was asked for.
        reference: Option<(String, String)>,
        /// The exact commit built.
        commit: Option<String>,
    },
    CratesIo,
    /// Another registry: not followed.
    OtherRegistry(String),
    /// A local folder (`cargo install --path DIR`).
    Path(PathBuf),
}

/// The install of the package `ect` at `version` recorded in the text of a
/// `.crates2.json`; `Ok(None)` when there is none (another version of `ect`
/// is not this binary's source). `Err` says why the text is not a record.
pub fn from_crates2(text: &str, version: &str) -> Result<Option<Installed>, String> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let installs = json
        .get("installs")
        .and_then(|i| i.as_object())
        .ok_or("no `installs` object")?;
    Ok(installs.keys().find_map(|key| {
        let (name, rest) = key.split_once(' ')?;
        let (v, source) = rest.split_once(' ')?;
        let source = source.strip_prefix('(')?.strip_suffix(')')?;
        (name == "ect" && v == version).then(|| parse_source(source))?
    }))
}

/// A cargo source id: `git+URL?tag=T#SHA`, `registry+URL`,
/// `sparse+URL`, `path+file:///DIR`.
pub fn parse_source(source: &str) -> Option<Installed> {
    let (kind, rest) = source.split_once('+')?;
    match kind {
        "git" => {
            let (rest, commit) = match rest.split_once('#') {
                Some((r, c)) if !c.is_empty() => (r, Some(c.to_string())),
                Some((r, _)) => (r, None),
                None => (rest, None),
            };
            let (url, query) = rest.split_once('?').unwrap_or((rest, ""));
            let reference = query.split('&').find_map(|pair| {
                let (k, v) = pair.split_once('=')?;
                matches!(k, "tag" | "rev" | "branch").then(|| (k.to_string(), percent_decode(v)))
            });
            (!url.is_empty()).then(|| Installed::Git {
                url: url.to_string(),
                reference,
                commit,
            })
        }
        "registry" | "sparse" if CRATES_IO.contains(&rest) => Some(Installed::CratesIo),
        "registry" | "sparse" => Some(Installed::OtherRegistry(rest.to_string())),
        "path" => {
            let path = rest.strip_prefix("file://")?;
            Some(Installed::Path(PathBuf::from(percent_decode(path))))
        }
        _ => None,
    }
}

/// Decodes `%XX` escapes (`%20` and the like); leaves malformed ones as
/// written.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// How the workflow installs a recorded git install: its tag, else the exact
/// commit built (a branch moves, so its commit is pinned), else the release
/// tag of `version`.
pub fn git_source(
    url: &str,
    reference: Option<&(String, String)>,
    commit: Option<&str>,
    version: &str,
) -> EctSource {
    let url = url.to_string();
    match (reference, commit) {
        (Some((k, tag)), _) if k == "tag" => EctSource::GitTag {
            url,
            tag: tag.clone(),
        },
        (_, Some(sha)) => EctSource::GitRev {
            url,
            rev: sha.to_string(),
        },
        (Some((k, rev)), None) if k == "rev" => EctSource::GitRev {
            url,
            rev: rev.clone(),
        },
        _ => EctSource::GitTag {
            url,
            tag: release_tag(version),
        },
    }
}

/// The release tag of `version`: `v` and the version.
pub fn release_tag(version: &str) -> String {
    format!("v{version}")
}

/// The `url` of `[remote "origin"]` in the text of a git `config` file.
pub fn origin_url(config: &str) -> Option<String> {
    let mut in_origin = false;
    for line in config.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            let header = line.trim_start_matches('[').trim_end_matches(']');
            let mut parts = header.splitn(2, char::is_whitespace);
            let section = parts.next().unwrap_or("").to_ascii_lowercase();
            let name = parts.next().unwrap_or("").trim().trim_matches('"');
            in_origin = section == "remote" && name == "origin";
            continue;
        }
        if !in_origin {
            continue;
        }
        if let Some((k, v)) = line.split_once('=')
            && k.trim().eq_ignore_ascii_case("url")
        {
            let v = v.trim().trim_matches('"');
            if !v.is_empty() {
                return Some(v.to_string());
            }
        }
    }
    None
}

/// A git address CI can fetch without keys: `git@host:owner/repo(.git)` and
/// `ssh://git@host/owner/repo` become `https://host/owner/repo(.git)`;
/// others are kept as they are.
pub fn fetchable(url: &str) -> String {
    if let Some(rest) = url.strip_prefix("ssh://") {
        let rest = rest.split_once('@').map_or(rest, |(_, r)| r);
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let host = host.split(':').next().unwrap_or(host);
        return format!("https://{host}/{path}");
    }
    if !url.contains("://")
        && let Some((user_host, path)) = url.split_once(':')
        && let Some((_, host)) = user_host.split_once('@')
    {
        return format!("https://{host}/{}", path.trim_start_matches('/'));
    }
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(key: &str) -> String {
        serde_json::json!({
            "installs": {
                "ripgrep 14.1.0 (registry+https://github.com/rust-lang/crates.io-index)": {"bins": ["rg"]},
                key: {"version_req": null, "bins": ["ect"], "features": [], "all_features": false,
                      "no_default_features": false, "profile": "release", "target": "x86_64-unknown-linux-gnu",
                      "rustc": "rustc 1.91.0"}
            }
        })
        .to_string()
    }

    #[test]
    fn a_git_install_with_a_tag() {
        let text = record("ect 1.2.3 (git+https://git.example.net/school/ect?tag=v1.2.3#0123abcd)");
        let got = from_crates2(&text, "1.2.3").unwrap().unwrap();
        assert_eq!(
            got,
            Installed::Git {
                url: "https://git.example.net/school/ect".into(),
                reference: Some(("tag".into(), "v1.2.3".into())),
                commit: Some("0123abcd".into()),
            }
        );
        let Installed::Git {
            url,
            reference,
            commit,
        } = got
        else {
            unreachable!()
        };
        assert_eq!(
            git_source(&url, reference.as_ref(), commit.as_deref(), "1.2.3"),
            EctSource::GitTag {
                url,
                tag: "v1.2.3".into()
            }
        );
    }

    #[test]
    fn a_branch_or_no_reference_pins_the_commit_built() {
        for source in [
            "git+https://example.org/e.git?branch=main#feed42",
            "git+https://example.org/e.git#feed42",
            "git+https://example.org/e.git?rev=fee#feed42",
        ] {
            let Some(Installed::Git {
                url,
                reference,
                commit,
            }) = parse_source(source)
            else {
                panic!("{source}")
            };
            assert_eq!(
                git_source(&url, reference.as_ref(), commit.as_deref(), "0.1.0"),
                EctSource::GitRev {
                    url: "https://example.org/e.git".into(),
                    rev: "feed42".into()
                },
                "{source}"
            );
        }
        // no commit recorded: the release tag of the version
        let Some(Installed::Git {
            url,
            reference,
            commit,
        }) = parse_source("git+https://example.org/e")
        else {
            panic!()
        };
        assert_eq!(
            git_source(&url, reference.as_ref(), commit.as_deref(), "0.4.0"),
            EctSource::GitTag {
                url,
                tag: "v0.4.0".into()
            }
        );
    }

    #[test]
    fn a_reference_is_url_decoded() {
        let Some(Installed::Git { reference, .. }) =
            parse_source("git+https://example.org/e?tag=v1.0.0%2Bschool#abc")
        else {
            panic!()
        };
        assert_eq!(reference, Some(("tag".into(), "v1.0.0+school".into())));
    }

    #[test]
    fn registries_and_paths() {
        assert_eq!(
            parse_source("registry+https://github.com/rust-lang/crates.io-index"),
            Some(Installed::CratesIo)
        );
        assert_eq!(
            parse_source("sparse+https://index.crates.io/"),
            Some(Installed::CratesIo)
        );
        assert_eq!(
            parse_source("sparse+https://crates.example.com/index/"),
            Some(Installed::OtherRegistry(
                "https://crates.example.com/index/".into()
            ))
        );
        assert_eq!(
            parse_source("path+file:///home/sam/my%20code/ect"),
            Some(Installed::Path("/home/sam/my code/ect".into()))
        );
        assert_eq!(parse_source("directory+file:///x"), None);
        assert_eq!(parse_source("nonsense"), None);
    }

    #[test]
    fn only_this_version_of_ect_counts() {
        let text = record("ect 0.9.0 (git+https://example.org/ect?tag=v0.9.0#abc)");
        assert_eq!(from_crates2(&text, "1.0.0"), Ok(None));
        let text = record("ect-tools 1.0.0 (git+https://example.org/x?tag=v1.0.0#abc)");
        assert_eq!(from_crates2(&text, "1.0.0"), Ok(None));
        assert_eq!(from_crates2(r#"{"installs": {}}"#, "1.0.0"), Ok(None));
    }

    #[test]
    fn a_broken_record_says_why() {
        assert!(from_crates2("{\"installs\": {", "1.0.0").is_err());
        assert!(
            from_crates2("[]", "1.0.0")
                .unwrap_err()
                .contains("installs")
        );
        assert!(from_crates2("", "1.0.0").is_err());
    }

    #[test]
    fn the_origin_of_a_git_config() {
        let config = "[core]\n\trepositoryformatversion = 0\n[remote \"upstream\"]\n\turl = https://example.org/up.git\n[remote \"origin\"]\n\turl = git@github.com:school/ect.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n[branch \"main\"]\n\tremote = origin\n";
        assert_eq!(
            origin_url(config).as_deref(),
            Some("git@github.com:school/ect.git")
        );
        assert_eq!(origin_url("[remote \"upstream\"]\n url = x\n"), None);
        assert_eq!(
            origin_url("[Remote \"origin\"]\nURL = \"https://e.org/a\"\n").as_deref(),
            Some("https://e.org/a")
        );
        assert_eq!(origin_url(""), None);
    }

    proptest::proptest! {
        #[test]
        fn any_recorded_git_tag_reads_back(
            host in "[a-z]{1,12}(\\.[a-z]{2,6}){1,2}",
            path in "[A-Za-z0-9_-]{1,10}(/[A-Za-z0-9_.-]{1,10}){0,3}",
            tag in "[A-Za-z0-9._-]{1,20}",
            sha in "[0-9a-f]{7,40}",
            version in "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}",
        ) {
            let url = format!("https://{host}/{path}");
            let text = record(&format!("ect {version} (git+{url}?tag={tag}#{sha})"));
            let got = from_crates2(&text, &version).unwrap();
            proptest::prop_assert_eq!(got, Some(Installed::Git {
                url: url.clone(),
                reference: Some(("tag".into(), tag.clone())),
                commit: Some(sha.clone()),
            }));
            let other = format!("{version}1");
            proptest::prop_assert_eq!(from_crates2(&text, &other), Ok(None));
        }

        #[test]
        fn any_text_is_read_or_refused_never_a_crash(text in "\\PC{0,200}") {
            let _ = from_crates2(&text, "0.1.0");
            let _ = origin_url(&text);
            let _ = fetchable(&text);
            let _ = parse_source(&text);
        }
    }

    #[test]
    fn ssh_addresses_become_https() {
        assert_eq!(
            fetchable("git@github.com:school/ect.git"),
            "https://github.com/school/ect.git"
        );
        assert_eq!(
            fetchable("ssh://git@gitlab.example.org:2222/a/ect"),
            "https://gitlab.example.org/a/ect"
        );
        assert_eq!(
            fetchable("https://example.org/ect"),
            "https://example.org/ect"
        );
        assert_eq!(fetchable("/srv/git/ect.git"), "/srv/git/ect.git");
    }
}
