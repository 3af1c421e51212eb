package io.vigil.server.serving.models;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.vigil.server.core.VigilException;
import io.vigil.server.events.Event;
import io.vigil.server.events.EventBus;
import io.vigil.server.events.EventFilter;
import io.vigil.server.models.Deployment;
import io.vigil.server.models.DeploymentListener;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.models.ModelStatus;
import io.vigil.server.models.RegisteredModel;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers "which loaded model serves this selector" without a database round trip in the steady
 * state. Each answer is cached and re-checked in the background at most {@link #RECHECK} after it
 * was made, and at once when a model changes state (events, published after the change commits):
 * meanwhile requests keep getting the previous answer, so a swap never makes a request wait or
 * fail, and the new version is published only once fully loaded.
 *
 * <p>A deploy, rollback or retire made on this instance does not wait for that: as a
 * {@link DeploymentListener} the resolver loads the new version before the move commits and
 * replaces the affected answers before the move answers, so every request that starts after the
 * answer gets the new version. Other instances hear of the move when it commits (the wiring hands
 * its notice to {@link #servingChanged} there too) and swap as soon as the new version is loaded;
 * their re-check is the fallback for a notice that was lost.
 */
public final class ModelResolver implements AutoCloseable, DeploymentListener {
    private static final Logger log = LoggerFactory.getLogger(ModelResolver.class);
    static final Duration RECHECK = Duration.ofSeconds(1);

    private final ModelRepository repository;
    private final LoadedModels loaded;
    private final ExecutorService loader;
    private final LoadingCache<ModelSelector, Resolution> answers;
    private final EventBus.Subscription subscription;
    /** One synchronous refresh at a time: the last to run read the database after every earlier commit. */
    private final Object refreshing = new Object();

    /** An answer: the model, or why there is none (kept as data so it is cached like a model). */
    record Resolution(LoadedModel model, VigilException.Kind failure, String detail) {
        static Resolution failed(VigilException e) {
            return new Resolution(null, e.kind(), e.detail());
        }

        static Resolution of(LoadedModel model) {
            return new Resolution(model, null, null);
        }

        LoadedModel orThrow() {
            if (model == null) {
                throw new VigilException(failure, detail); // a fresh exception: each caller its own stack
            }
            return model;
        }
    }

    public ModelResolver(ModelRepository repository, LoadedModels loaded, EventBus events) {
        this.repository = repository;
        this.loaded = loaded;
        this.loader = Executors.newFixedThreadPool(2, daemon("vigil-model-loader"));
        this.answers = Caffeine.newBuilder()
                .maximumSize(10_000)
                .refreshAfterWrite(RECHECK)
                .expireAfterAccess(Duration.ofMinutes(10))
                .executor(loader)
                .build(new CacheLoader<>() {
                    @Override
                    public Resolution load(ModelSelector selector) {
                        return resolve(selector, null);
                    }

                    @Override
                    public Resolution reload(ModelSelector selector, Resolution previous) {
                        return resolve(selector, previous.model());
                    }
                });
        this.subscription = events.subscribe(EventFilter.ALL, this::onEvent);
    }

    /** The model that serves {@code selector} now; a problem (404, 409) when there is none. */
    public LoadedModel resolve(ModelSelector selector) {
        Resolution answer = answers.get(selector);
        if (answer.model() == null) {
            // "nothing serves this" is never trusted from the cache: a model deployed a moment ago must answer
            Resolution fresh = resolve(selector, null);
            answers.asMap().replace(selector, answer, fresh); // unless a deploy put a newer answer meanwhile
            answer = fresh;
        }
        return answer.orThrow();
    }

    /**
     * Whether {@link #resolve} answers {@code selector} from memory, without the database or a model's
     * load: a model serves it and is loaded. Never waits (a re-check due runs in the background).
     */
    public boolean isWarm(ModelSelector selector) {
        Resolution answer = answers.getIfPresent(selector);
        return answer != null && answer.model() != null;
    }

    /** Loads the version a deploy or rollback is about to put in place, so it swaps in at once. */
    @Override
    public void prepare(UUID modelId, int version) {
        try {
            loaded.get(modelId, version);
        } catch (VigilException e) {
            // nothing to load: the move itself will refuse, and say why
        }
    }

    /**
     * Replaces (before the move answers, on the instance that made it) every cached answer it may change: the slot's, and those
     * naming or served by the models involved. A background re-check in flight is discarded by the
     * cache when an answer is replaced, so it cannot bring the previous version back.
     */
    @Override
    public void servingChanged(String modelType, Set<UUID> modelIds) {
        synchronized (refreshing) {
            Set<ModelSelector> affected = new HashSet<>();
            affected.add(ModelSelector.ofType(modelType));
            answers.asMap().forEach((selector, answer) -> {
                boolean named = selector.modelId() != null && modelIds.contains(selector.modelId());
                boolean served = answer.model() != null && modelIds.contains(answer.model().ref().id());
                if (modelType.equals(selector.modelType()) || named || served) {
                    affected.add(selector);
                }
            });
            for (ModelSelector selector : affected) {
                Resolution current = answers.getIfPresent(selector);
                answers.put(selector, resolve(selector, current == null ? null : current.model()));
            }
        }
    }

    private void onEvent(Event e) {
        if (Event.MODEL_STATE.equals(e.type())) {
            recheckAll(); // published after the commit: a re-check reads the change
        }
    }

    private void recheckAll() {
        answers.refreshAll(answers.asMap().keySet());
    }

    private Resolution resolve(ModelSelector selector, LoadedModel current) {
        try {
            LoadedModels.Key key = repository.withHandle(h -> target(h, selector));
            if (current != null && current.ref().id().equals(key.modelId()) && current.ref().version() == key.version()) {
                return Resolution.of(current); // unchanged: keep the instance we have
            }
            LoadedModel model = loaded.get(key.modelId(), key.version());
            if (current != null) {
                log.atInfo().addKeyValue("selector", selector).addKeyValue("from", current.ref())
                        .addKeyValue("to", model.ref()).log("serving model swapped");
            }
            return Resolution.of(model);
        } catch (VigilException e) {
            return Resolution.failed(e);
        }
    }

    private LoadedModels.Key target(Handle h, ModelSelector s) {
        if (s.modelType() != null) {
            Deployment d = repository.activeDeployment(h, s.modelType()).orElseThrow(() -> VigilException.notFound(
                    "no model is deployed for modelType '" + s.modelType() + "'; deploy one first"));
            return new LoadedModels.Key(d.modelId(), d.version());
        }
        RegisteredModel m = (s.modelId() != null ? repository.find(h, s.modelId()) : repository.findByName(h, s.modelName()))
                .orElseThrow(() -> VigilException.notFound("no model " + (s.modelId() != null ? "with id " + s.modelId()
                        : "named '" + s.modelName() + "'")));
        if (m.status() == ModelStatus.RETIRED) {
            throw VigilException.conflict("model " + m.modelName() + " is retired and no longer predicts");
        }
        if (s.version() != null) {
            repository.version(h, m.id(), s.version())
                    .orElseThrow(() -> VigilException.notFound("model " + m.modelName() + " has no version " + s.version()));
            return new LoadedModels.Key(m.id(), s.version());
        }
        Integer version = m.deployedVersion() != null ? m.deployedVersion() : m.latestVersion();
        if (version == null) {
            throw VigilException.conflict("model " + m.modelName() + " has no trained version yet; train it first");
        }
        return new LoadedModels.Key(m.id(), version);
    }

    @Override
    public void close() {
        subscription.close();
        loader.shutdownNow();
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
