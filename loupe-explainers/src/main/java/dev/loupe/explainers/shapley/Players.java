package dev.loupe.explainers.shapley;

import dev.loupe.core.Feature;
import dev.loupe.core.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The players of a Shapley game over a model's features: one per feature, or groups of features
 * that enter and leave a coalition together (the one-hot columns of one categorical variable, a
 * feature and its missing-indicator). A partition of the model's features. Immutable.
 */
public final class Players {
  private final Schema schema;
  private final int[][] groups;

  private Players(Schema schema, int[][] groups) {
    this.schema = schema;
    this.groups = groups;
  }

  /** One player per feature of {@code model}, in order. */
  public static Players features(Schema model) {
    int[][] g = new int[model.size()][];
    for (int j = 0; j < g.length; j++) {
      g[j] = new int[] {j};
    }
    return new Players(model, g);
  }

  /**
   * The named groups as players, in the order given, then every feature that is in no group as a
   * player of its own, in model order.
   *
   * @throws IllegalArgumentException for an unknown feature, a feature in two groups, an empty
   *     group, or a group name that is also the name of an ungrouped feature
   */
  public static Players groups(Schema model, Map<String, List<String>> groups) {
    int[] owner = new int[model.size()];
    Arrays.fill(owner, -1);
    List<Feature> players = new ArrayList<>();
    List<int[]> members = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : new LinkedHashMap<>(groups).entrySet()) {
      if (e.getValue().isEmpty()) {
        throw new IllegalArgumentException("feature group '" + e.getKey() + "' is empty; list its features");
      }
      int[] idx = new int[e.getValue().size()];
      for (int i = 0; i < idx.length; i++) {
        String name = e.getValue().get(i);
        int j = model.indexOf(name);
        if (j < 0) {
          throw new IllegalArgumentException("feature group '" + e.getKey() + "' names unknown feature '" + name
              + "'; the model's features are: " + String.join(", ", model.names()));
        }
        if (owner[j] >= 0) {
          throw new IllegalArgumentException("feature '" + name + "' is in two groups ('" + players.get(owner[j]).name()
              + "' and '" + e.getKey() + "'); put each feature in one group");
        }
        owner[j] = players.size();
        idx[i] = j;
      }
      players.add(Feature.numeric(e.getKey()));
      members.add(idx);
    }
    for (int j = 0; j < model.size(); j++) {
      if (owner[j] < 0) {
        if (groups.containsKey(model.name(j))) {
          throw new IllegalArgumentException("group name '" + model.name(j)
              + "' is also the name of a feature in no group; rename the group");
        }
        players.add(model.feature(j));
        members.add(new int[] {j});
      }
    }
    return new Players(new Schema(players), members.toArray(new int[0][]));
  }

  /** The players as a schema: a grouped player is a numeric feature named after its group. */
  public Schema schema() {
    return schema;
  }

  /** Number of players. */
  public int size() {
    return groups.length;
  }

  /** The model feature indices of player {@code p}. */
  public int[] members(int p) {
    return groups[p].clone();
  }

  int[][] groups() {
    return groups;
  }

  boolean isIdentity() {
    for (int p = 0; p < groups.length; p++) {
      if (groups[p].length != 1 || groups[p][0] != p) {
        return false;
      }
    }
    return true;
  }
}
