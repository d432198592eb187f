package dev.faultline.collector.rca.faulttree;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Minimal cut sets by MOCUS (Fussell and Vesely, 1972): start from {{top}}; repeatedly replace a gate in a row by
 * its inputs (AND: in the same row; OR: one new row per input) until rows hold basic events only; then drop rows
 * that are supersets of another row (Boolean absorption). Rows are sorted sets, output sorted by size then name, so
 * the result is deterministic. Exponential in the worst case, as any cut-set method; fine for operator-written trees.
 */
public final class MinimalCutSets {
  private MinimalCutSets() {}

  public static List<Set<String>> of(FaultTree tree) {
    List<TreeSet<String>> rows = new ArrayList<>();
    rows.add(new TreeSet<>(Set.of(tree.top())));
    List<TreeSet<String>> done = new ArrayList<>();
    while (!rows.isEmpty()) {
      TreeSet<String> row = rows.remove(rows.size() - 1);
      String gateId = null;
      for (String e : row) {
        if (tree.gates().containsKey(e)) {
          gateId = e;
          break;
        }
      }
      if (gateId == null) {
        done.add(row);
        continue;
      }
      FaultTree.Gate gate = tree.gates().get(gateId);
      row.remove(gateId);
      if (gate.type() == FaultTree.GateType.AND) {
        row.addAll(gate.inputs());
        rows.add(row);
      } else {
        for (String in : gate.inputs()) {
          TreeSet<String> r = new TreeSet<>(row);
          r.add(in);
          rows.add(r);
        }
      }
    }
    return minimise(done);
  }

  private static List<Set<String>> minimise(List<TreeSet<String>> sets) {
    sets.sort(Comparator.<TreeSet<String>>comparingInt(Set::size).thenComparing(Object::toString));
    List<Set<String>> out = new ArrayList<>();
    for (TreeSet<String> s : sets) {
      boolean absorbed = false;
      for (Set<String> m : out) {
        if (s.containsAll(m)) {
          absorbed = true;
          break;
        }
      }
      if (!absorbed) {
        out.add(java.util.Collections.unmodifiableSet(s));
      }
    }
    return List.copyOf(out);
  }
}
