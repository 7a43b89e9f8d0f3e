//! `paydesk demo`: placeholder replaced below.
/// Arguments of `demo`.
#[derive(clap::Args)]
pub struct Args {}
/// Runs the demo.
pub async fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
