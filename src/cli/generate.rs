//! `radkota completions SHELL` and `radkota manpage`: shell completions (clap_complete) and
//! a man page (clap_mangen) generated from the same command definitions as `--help`, so
//! they never disagree with the binary; the Debian package ships both.

use std::io::Write;

use clap::{Args, CommandFactory};

use super::Cli;

/// Help epilogue for `completions`.
pub(super) const COMPLETIONS_AFTER_HELP: &str = "\
Examples:
  radkota completions bash > /etc/bash_completion.d/radkota
  radkota completions zsh > ~/.zfunc/_radkota
  radkota completions fish > ~/.config/fish/completions/radkota.fish

The Debian package installs them already.";

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub(super) struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Writes the completion script for `args.shell` to standard output.
pub(super) fn completions(args: &CompletionsArgs) -> anyhow::Result<()> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "radkota", &mut out);
    std::io::stdout().write_all(&out)?;
    Ok(())
}

/// Writes the man page (roff), `radkota(1)`, to standard output.
pub(super) fn manpage() -> anyhow::Result<()> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    std::io::stdout().write_all(&out)?;
    Ok(())
}
