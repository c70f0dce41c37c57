//! `precis train`: the learned summarizer's model from CNN/DailyMail-format data (see the
//! `precis-train` crate), the validation split, and the feature ablation.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use precis_batch::source;
use precis_core::rate::learned::features::{FeatureSet, Group};
use precis_train::corpus::{self, Part};
use precis_train::{LabelKind, Params, TrainOptions};

use super::options::UsageError;

/// Train the learned summarizer on CNN/DailyMail-format data.
#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
#[command(after_long_help = "\
Reads the training articles, counts the corpus IDF of word stems, extracts the
features of every content sentence with its label (membership of the greedy ROUGE
oracle), fits gradient-boosted trees and writes one model file (JSON, a few hundred
KB) that `--model FILE` loads and that precis embeds as its default. With --tune,
the selection policy (how many sentences, trigram blocking) is chosen on the tuning
part of each validation file; the held-out part (a fifth of the articles, chosen by
a hash of the id) is never looked at. The same data, options and seed give the
same bytes.

Examples:
  precis train --data train.jsonl.gz --out precis.model
  precis train --data train.jsonl.gz --tune val_lower.jsonl.gz \\
      --tune val_cased.jsonl.gz --out m.model
  precis train split --data val.jsonl.gz --dir parts/
      (writes parts/val.tuning.jsonl and parts/val.heldout.jsonl)
  precis train ablation --data train.jsonl.gz --tune val_lower.jsonl.gz --limit 10000

The model does not depend on -j/--threads.")]
pub struct TrainArgs {
    #[command(subcommand)]
    pub command: Option<TrainCommand>,

    #[command(flatten)]
    pub model: ModelArgs,

    /// Write the model to this file.
    #[arg(long, value_name = "MODEL")]
    pub out: Option<PathBuf>,
}

/// Options that shape the model (shared by training and the ablation).
#[derive(Args, Debug, Clone)]
pub struct ModelArgs {
    /// Training data: CNN/DailyMail-format JSON Lines (optionally gzip).
    #[arg(long, value_name = "TRAIN.jsonl[.gz]")]
    pub data: Option<PathBuf>,

    /// Validation file whose tuning part chooses the selection policy (repeatable).
    #[arg(long, value_name = "FILE")]
    pub tune: Vec<PathBuf>,

    /// Seed of the booster.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub seed: u64,

    /// Train on N articles spread evenly over the data (all by default).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// Training labels.
    #[arg(long, value_enum, default_value_t = LabelArg::Oracle)]
    pub labels: LabelArg,

    /// Number of trees.
    #[arg(long, default_value_t = Params::default().trees, value_name = "N")]
    pub trees: usize,

    /// Depth of each tree.
    #[arg(long, default_value_t = Params::default().depth, value_name = "N")]
    pub depth: usize,

    /// Learning rate (shrinkage).
    #[arg(long, default_value_t = Params::default().learning_rate, value_name = "F")]
    pub learning_rate: f32,

    /// Feature groups the model may use: `default` (all but `discourse`, `novelty`, `centrality` and `corpus-idf`, as the ablation showed), `all`, or a
    /// comma-separated list of group names.
    #[arg(long, default_value = "default", value_name = "GROUPS")]
    pub groups: String,

    /// Leave these feature groups out (comma-separated; see `precis train ablation`).
    #[arg(long, value_delimiter = ',', value_name = "GROUPS")]
    pub without: Vec<String>,

    /// How many leading content sentences of a story the model reads and rates: its features
    /// are computed on those alone, and the engine details no further (`all`: every sentence).
    #[arg(long, default_value_t = Horizon(Some(precis_train::DEFAULT_HORIZON)), value_name = "N|all", value_parser = parse_horizon)]
    pub horizon: Horizon,

    /// Fit no candidate model: the model then picks sentence by sentence with its policy.
    #[arg(long)]
    pub no_candidates: bool,

    /// How many best-rated sentences the candidate summaries are made of.
    #[arg(long, default_value_t = precis_train::candidates::CandidateOptions::default().top, value_name = "N")]
    pub candidates_top: usize,

    /// Fewest and most sentences of a candidate summary, as MIN-MAX.
    #[arg(long, default_value = "1-4", value_name = "MIN-MAX")]
    pub candidates_sizes: String,

    /// What the candidate trees learn from each story's candidates and their ROUGE.
    #[arg(long, value_enum, default_value_t = ObjectiveArg::default_for_training(), value_name = "HOW")]
    pub candidates_objective: ObjectiveArg,

    /// Temperature of the listwise target softmax(ROUGE ×100 / T), for `listwise` and `blend`:
    /// lower trusts the single best candidate more.
    #[arg(long, default_value_t = precis_train::candidates::DEFAULT_TEMPERATURE, value_name = "T")]
    pub candidates_temperature: f64,

    /// With `--candidates-objective blend`: the listwise model's share of the score (0 to 1).
    #[arg(long, default_value_t = precis_train::candidates::DEFAULT_LISTWISE_SHARE, value_name = "W")]
    pub candidates_listwise_share: f64,

    #[command(flatten)]
    pub jobs: super::options::ThreadsArg,
}

/// `--candidates-objective`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ObjectiveArg {
    /// Regression on each candidate's ROUGE minus its story's mean (squared loss).
    Centred,
    /// A softmax over each story's candidates against softmax(ROUGE / temperature).
    Listwise,
    /// Both, fitted on the same candidates, their scores added with --candidates-listwise-share.
    Blend,
}

impl ObjectiveArg {
    fn default_for_training() -> ObjectiveArg {
        match precis_train::candidates::CandidateOptions::default().objective {
            precis_train::candidates::Objective::Centred => ObjectiveArg::Centred,
            precis_train::candidates::Objective::Listwise { .. } => ObjectiveArg::Listwise,
            precis_train::candidates::Objective::Blend { .. } => ObjectiveArg::Blend,
        }
    }
}

/// Subcommands of `precis train`.
#[derive(Subcommand, Debug)]
pub enum TrainCommand {
    /// Split a validation file into its tuning and held-out parts (by a hash of each id).
    Split(SplitArgs),
    /// Validation ROUGE of the model with each feature group left out.
    Ablation(Box<AblationArgs>),
}

/// `precis train split`.
#[derive(Args, Debug)]
pub struct SplitArgs {
    /// CNN/DailyMail-format JSON Lines (optionally gzip).
    #[arg(long, value_name = "FILE")]
    pub data: PathBuf,

    /// Directory for NAME.tuning.jsonl and NAME.heldout.jsonl.
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
}

/// `precis train ablation`.
#[derive(Args, Debug)]
pub struct AblationArgs {
    #[command(flatten)]
    pub model: ModelArgs,

    /// Judge every variant with the policy of this model file (default: the built-in model's).
    #[arg(long, value_name = "MODEL")]
    pub policy_of: Option<PathBuf>,

    /// Also write the rows as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

/// Labels on the command line.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelArg {
    /// 1 for the greedy-oracle sentences, 0 for the others.
    Oracle,
    /// Each sentence's ROUGE-1 F + ROUGE-2 F, divided by the story's best.
    Gain,
    /// The mean of the two.
    Mixed,
}

impl ModelArgs {
    fn options(&self) -> Result<TrainOptions> {
        let Some(data) = self.data.clone() else {
            return Err(UsageError("--data TRAIN.jsonl[.gz] is required".into()).into());
        };
        let group = |name: &str| {
            Group::ALL
                .into_iter()
                .find(|g| g.name() == name.trim())
                .ok_or_else(|| {
                    UsageError(format!(
                        "unknown feature group '{name}' (known: {})",
                        Group::ALL.map(Group::name).join(", ")
                    ))
                })
        };
        let mut groups = match self.groups.trim() {
            "default" => precis_train::default_groups(),
            "all" => FeatureSet::all(),
            list => list.split(',').try_fold(FeatureSet::EMPTY, |set, name| {
                group(name).map(|g| set.with(g))
            })?,
        };
        for name in &self.without {
            groups = groups.without(group(name)?);
        }
        let positive_rate = self.learning_rate.is_finite() && self.learning_rate > 0.0;
        if self.trees == 0 || self.depth == 0 || !positive_rate {
            return Err(UsageError(
                "--trees and --depth must be at least 1, --learning-rate positive".into(),
            )
            .into());
        }
        Ok(TrainOptions {
            data,
            limit: self.limit,
            labels: match self.labels {
                LabelArg::Oracle => LabelKind::Oracle,
                LabelArg::Gain => LabelKind::Gain,
                LabelArg::Mixed => LabelKind::Mixed,
            },
            params: Params {
                trees: self.trees,
                depth: self.depth,
                learning_rate: self.learning_rate,
                seed: self.seed,
                ..Params::default()
            },
            groups,
            tune: self.tune.clone(),
            horizon: self.horizon.0,
            candidates: self.candidates()?,
        })
    }

    fn candidates(&self) -> Result<Option<precis_train::candidates::CandidateOptions>> {
        use precis_core::rate::learned::candidates::{MAX_SIZE, MAX_TOP};
        if self.no_candidates {
            return Ok(None);
        }
        let sizes = self.candidates_sizes.split_once('-').and_then(|(a, b)| {
            Some((
                a.trim().parse::<usize>().ok()?,
                b.trim().parse::<usize>().ok()?,
            ))
        });
        let top = self.candidates_top;
        let temperature = self.candidates_temperature;
        let weight = self.candidates_listwise_share;
        if !(temperature.is_finite() && temperature > 0.0) {
            return Err(UsageError(format!(
                "--candidates-temperature must be a positive number, not {temperature}"
            ))
            .into());
        }
        if !(0.0..=1.0).contains(&weight) {
            return Err(UsageError(format!(
                "--candidates-listwise-share must be from 0 to 1, not {weight}"
            ))
            .into());
        }
        use precis_train::candidates::Objective;
        let objective = match self.candidates_objective {
            ObjectiveArg::Centred => Objective::Centred,
            ObjectiveArg::Listwise => Objective::Listwise { temperature },
            ObjectiveArg::Blend => Objective::Blend {
                temperature,
                weight,
            },
        };
        match sizes {
            Some((min, max)) if 0 < min && min <= max && max <= top.min(MAX_SIZE) && top <= MAX_TOP => {
                Ok(Some(precis_train::candidates::CandidateOptions {
                    top,
                    min,
                    max,
                    objective,
                    ..Default::default()
                }))
            }
            _ => Err(UsageError(format!(
                "--candidates-sizes MIN-MAX needs 1 <= MIN <= MAX <= {MAX_SIZE}, MAX <= --candidates-top <= {MAX_TOP}"
            ))
            .into()),
        }
    }

    fn thread_pool(&self) -> Result<()> {
        precis_train::use_threads(self.jobs.threads);
        Ok(())
    }
}

/// A model's horizon on the command line: a count of content sentences, or `all` (`None`).
#[derive(Debug, Clone, Copy)]
pub struct Horizon(Option<usize>);

impl std::fmt::Display for Horizon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(n) => write!(f, "{n}"),
            None => f.write_str("all"),
        }
    }
}

fn parse_horizon(s: &str) -> std::result::Result<Horizon, String> {
    match s.trim() {
        "all" => Ok(Horizon(None)),
        n => match n.parse::<usize>() {
            Ok(0) | Err(_) => Err(format!(
                "'{s}' is not a horizon: a number of content sentences from 1, or 'all'"
            )),
            Ok(n) => Ok(Horizon(Some(n))),
        },
    }
}

fn log(line: &str) {
    say!("precis train: {line}");
}

/// Refuses an output that is the same file as the training data, a tuning file or `more` inputs.
fn check_outputs(options: &TrainOptions, more: &[&Path], outputs: &[&Path]) -> Result<()> {
    let mut inputs: Vec<&Path> = vec![options.data.as_path()];
    inputs.extend(options.tune.iter().map(PathBuf::as_path));
    inputs.extend(more);
    source::check_distinct(&inputs, outputs)?;
    Ok(())
}

pub fn run(args: TrainArgs) -> Result<ExitCode> {
    match args.command {
        Some(TrainCommand::Split(split)) => run_split(split),
        Some(TrainCommand::Ablation(ablation)) => run_ablation(*ablation),
        None => {
            let options = args.model.options()?;
            let Some(out) = args.out else {
                return Err(UsageError("--out MODEL is required".into()).into());
            };
            check_outputs(&options, &[], &[out.as_path()])?;
            args.model.thread_pool()?;
            let started = Instant::now();
            let trained = precis_train::train(&options, &mut |l| log(l))
                .with_context(|| format!("cannot train on {}", options.data.display()))?;
            source::write_atomically(&out, &trained.bytes)
                .with_context(|| format!("cannot write {}", out.display()))?;
            log(&format!(
                "wrote {} ({} bytes, {} trees) in {:.1} s",
                out.display(),
                trained.bytes.len(),
                trained.file.trees.trees.len(),
                started.elapsed().as_secs_f64()
            ));
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn run_split(args: SplitArgs) -> Result<ExitCode> {
    let stem = file_stem(&args.data);
    let path = |part: Part| args.dir.join(format!("{stem}.{}.jsonl", part.name()));
    let (tuning_path, held_path) = (path(Part::Tuning), path(Part::HeldOut));
    source::check_distinct(&[&args.data], &[&tuning_path, &held_path])?;
    let articles =
        source::open(&args.data).with_context(|| format!("cannot open {}", args.data.display()))?;
    std::fs::create_dir_all(&args.dir)
        .with_context(|| format!("cannot create {}", args.dir.display()))?;
    let create = |p: &Path| {
        source::Output::create(p).with_context(|| format!("cannot create {}", p.display()))
    };
    let mut tuning = create(&tuning_path)?;
    let mut held = create(&held_path)?;
    let (mut n_tuning, mut n_held) = (0usize, 0usize);
    use std::io::BufRead;
    for (k, line) in articles.reader.lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {}", args.data.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not JSON", args.data.display(), k + 1))?;
        let id = value
            .get("id")
            .cloned()
            .unwrap_or(serde_json::Value::from(k as u64 + 1));
        let (out, n, p) = match corpus::part(&id) {
            Part::Tuning => (&mut tuning, &mut n_tuning, &tuning_path),
            Part::HeldOut => (&mut held, &mut n_held, &held_path),
        };
        out.record(line.as_bytes())
            .with_context(|| format!("cannot write {}", p.display()))?;
        *n += 1;
    }
    for (out, p) in [(tuning, &tuning_path), (held, &held_path)] {
        out.commit()
            .with_context(|| format!("cannot write {}", p.display()))?;
    }
    log(&format!(
        "{}: {n_tuning} tuning, {n_held} held out → {}, {}",
        args.data.display(),
        tuning_path.display(),
        held_path.display()
    ));
    Ok(ExitCode::SUCCESS)
}

fn file_stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map_or_else(|| "data".to_owned(), |n| n.to_string_lossy().into_owned());
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.strip_suffix(".jsonl")
        .or_else(|| name.strip_suffix(".json"))
        .unwrap_or(name)
        .to_owned()
}

fn run_ablation(args: AblationArgs) -> Result<ExitCode> {
    let options = args.model.options()?;
    if options.tune.is_empty() {
        return Err(UsageError("the ablation needs at least one --tune FILE".into()).into());
    }
    check_outputs(
        &options,
        args.policy_of.as_deref().as_slice(),
        args.json.as_deref().as_slice(),
    )?;
    args.model.thread_pool()?;
    let selection = match &args.policy_of {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            precis_core::rate::learned::Model::from_json(&bytes)
                .with_context(|| format!("cannot load the model {}", path.display()))?
                .selector()
        }
        None => precis_core::rate::Learned::embedded().model().selector(),
    };
    let prepared = precis_train::prepare(&options, &mut |l| log(l))
        .with_context(|| format!("cannot read {}", options.data.display()))?;
    let sets = precis_train::load_sets(&options.tune, Some(Part::Tuning), options.horizon)?;
    log(&format!(
        "policy: {}",
        precis_train::evaluate::describe(&selection)
    ));
    let rows = precis_train::ablation::run(&prepared, &options, &sets, selection, &mut |row| {
        let figures: Vec<String> = row
            .figures
            .iter()
            .map(|(_, f)| format!("R1 {:.2} R2 {:.2} RLsum {:.2}", f[0], f[1], f[3]))
            .collect();
        log(&format!("{}: {}", row.variant, figures.join(" | ")));
    })?;
    super::records::print(&precis_train::ablation::table(&rows))?;
    if let Some(path) = &args.json {
        source::write_atomically(path, serde_json::to_string_pretty(&rows)?.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}
