//! Embeds the example queries: writes `$OUT_DIR/examples.rs`, a list of every
//! `examples/queries/*.graphql` file (name and `include_str!` of its text), which
//! `src/web.rs` gives the GraphiQL playground. Re-runs when a file is added, removed or edited.
//! Also tells the benchmarks whether this is a profile-guided build (`PODGRAPH_PGO`) and
//! whether it was linked with LTO (`CARGO_PROFILE_RELEASE_LTO`), so that every figure they print
//! says which build it measured.

use std::path::Path;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&root).join("examples/queries");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".graphql"))
        .collect();
    names.sort();
    let mut code = String::from("/// Every `examples/queries/*.graphql` file: (file name, text), by file name.\n");
    code.push_str("pub const EXAMPLES: &[(&str, &str)] = &[\n");
    for name in &names {
        let path = dir.join(name);
        code.push_str(&format!("    ({name:?}, include_str!({:?})),\n", path.display().to_string()));
    }
    code.push_str("];\n");
    // `scripts/pgo-build.sh` passes `-Cprofile-use=...` in RUSTFLAGS, which cargo hands this
    // script as CARGO_ENCODED_RUSTFLAGS (a change of flags rebuilds and re-runs it anyway).
    println!("cargo::rerun-if-env-changed=RUSTFLAGS");
    let flags = std::env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    let pgo = flags.split('\x1f').any(|f| f.contains("profile-use"));
    println!("cargo::rustc-env=PODGRAPH_PGO={}", if pgo { "1" } else { "0" });
    // Cargo does not tell build scripts the profile's `lto`; when it comes from cargo's
    // environment variable (as `scripts/pgo-build.sh` sets it), the build script sees it too.
    println!("cargo::rerun-if-env-changed=CARGO_PROFILE_RELEASE_LTO");
    let lto = std::env::var("CARGO_PROFILE_RELEASE_LTO").unwrap_or_default();
    println!("cargo::rustc-env=PODGRAPH_BUILD_LTO={lto}");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("examples.rs");
    std::fs::write(&out, code).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
