package io.parcours.server.bench.sim;

import io.parcours.domain.Action;
import io.parcours.domain.Channel;
import io.parcours.models.PropensityFeatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import vowpalWabbit.learner.VWActionProbsLearner;
import vowpalWabbit.learner.VWLearners;
import vowpalWabbit.responses.ActionProb;

/**
 * Vowpal Wabbit's contextual bandit with action-dependent features ({@code --cb_explore_adf}), one
 * learner per channel as Parcours has one model per channel, on the same features: the shared line
 * holds the decision's context features ({@link PropensityFeatures#context}, namespace {@code U}),
 * one line per eligible action holds its id, group and issue (namespace {@code A}), and the options
 * say which crosses VW learns ({@code -q UA}: every context feature with every action feature, as
 * Parcours' crosses). VW answers a probability per action; the policy draws the action from them
 * and teaches the chosen line its cost (−1 for a positive response, 0 otherwise) and the
 * probability it was drawn with.
 */
public final class VowpalWabbitPolicy implements JourneyPolicy {

  private final String name;
  private final String options;
  private final Map<Channel, VWActionProbsLearner> learners = new EnumMap<>(Channel.class);
  private final String[] actionLines;
  private final SplittableRandom random;
  private String[] lines;
  private int chosenLine;
  private float chosenProbability;

  /**
   * @param options VW's command line, for example {@code --cb_explore_adf --epsilon 0.05 -q UA}
   * @throws UnsatisfiedLinkError when VW's native library cannot be loaded on this machine
   */
  public VowpalWabbitPolicy(String name, String options, List<Action> actions, long seed) {
    this.name = name;
    this.options = options + " --quiet --random_seed " + (seed & 0x7fffffff);
    this.random = new SplittableRandom(seed);
    this.actionLines = new String[actions.size()];
    for (int a = 0; a < actions.size(); a++) {
      Action action = actions.get(a);
      actionLines[a] =
          "|A action="
              + clean(action.id())
              + " group="
              + clean(action.group())
              + " issue="
              + action.issue().code();
    }
    for (Channel c : Channel.values()) {
      learners.put(c, VWLearners.create(this.options));
    }
  }

  @Override
  public String name() {
    return name;
  }

  /** The options every learner was created with. */
  public String options() {
    return options;
  }

  @Override
  public int choose(JourneySimulator.Situation s) {
    List<String> context = PropensityFeatures.context(s.customer(), s.request(), s.stages());
    StringBuilder shared = new StringBuilder("shared |U");
    for (String f : context) {
      if (!f.equals(PropensityFeatures.BIAS)) {
        shared.append(' ').append(clean(f));
      }
    }
    int[] eligible = s.eligible();
    lines = new String[eligible.length + 1];
    lines[0] = shared.toString();
    for (int k = 0; k < eligible.length; k++) {
      lines[k + 1] = actionLines[eligible[k]];
    }
    ActionProb[] probs = learner(s.request().channel()).predict(lines).getActionProbs();
    double u = random.nextDouble();
    double sum = 0;
    ActionProb drawn = probs[probs.length - 1];
    for (ActionProb p : probs) {
      sum += p.getProbability();
      if (u < sum) {
        drawn = p;
        break;
      }
    }
    chosenLine = drawn.getAction();
    chosenProbability = drawn.getProbability();
    return eligible[chosenLine];
  }

  @Override
  public void learn(JourneySimulator.Situation s, int chosen, boolean positive) {
    String[] labelled = lines.clone();
    labelled[chosenLine + 1] =
        chosenLine
            + ":"
            + (positive ? "-1" : "0")
            + ":"
            + chosenProbability
            + " "
            + lines[chosenLine + 1];
    learner(s.request().channel()).learn(labelled);
  }

  private VWActionProbsLearner learner(Channel channel) {
    return learners.get(channel);
  }

  @Override
  public void close() {
    for (VWActionProbsLearner l : learners.values()) {
      try {
        l.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    learners.clear();
  }

  /** VW reads spaces, bars and colons as syntax; feature names here never need them. */
  private static String clean(String feature) {
    return feature.replace(':', '_').replace('|', '_').replace(' ', '_');
  }
}
