package org.stancemap.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stancemap.codebook.Codebook;
import org.stancemap.codebook.CodebookLoader;
import org.stancemap.codebook.Label;
import org.stancemap.codebook.Target;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stancemap codebook}: validate a codebook and list its labels. */
@Command(name = "codebook", mixinStandardHelpOptions = true,
    description = {"Validate a codebook file and list its targets, narratives, techniques, roles and positions.",
        "Every problem is reported with its path in the file (e.g. narratives[3].exemplars)."})
final class CodebookCommand implements Callable<Integer> {
  @Option(names = "--codebook", paramLabel = "CODEBOOK", defaultValue = "ru-ua-left",
      description = "Codebook file, or the name of a built-in one. Default: ${DEFAULT-VALUE}.")
  String codebook;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Codebook cb = CodebookLoader.load(codebook);
    out.println(cb.ref() + "  " + cb.name());
    out.println("sha256 " + cb.sha256());
    out.println();
    out.println("targets");
    for (Target t : cb.targets()) {
      out.println(String.format(Locale.ROOT, "  %-10s %d aliases, exemplars favor %d / against %d / none %d", t.id(),
          t.aliases().size(), t.stances().get(org.stancemap.codebook.Stance.FAVOR).exemplars().size(),
          t.stances().get(org.stancemap.codebook.Stance.AGAINST).exemplars().size(),
          t.stances().get(org.stancemap.codebook.Stance.NONE).exemplars().size()));
    }
    list(out, "narratives", cb.narratives());
    list(out, "techniques", cb.techniques());
    list(out, "roles", cb.roles());
    out.println("actors: " + cb.actors().size());
    out.println("positions");
    cb.positions().forEach(p -> out.println(String.format(Locale.ROOT, "  %-32s %2d exemplars  %s", p.id(),
        p.label().exemplars().size(), p.label().name())));
    out.flush();
    return StancemapTool.OK;
  }

  private static void list(PrintWriter out, String what, List<Label> ls) {
    out.println(what);
    for (Label l : ls) {
      out.println(String.format(Locale.ROOT, "  %-32s %2d exemplars, %d near misses  %s", l.id(),
          l.exemplars().size(), l.nearMisses().size(), l.name()));
    }
  }
}
