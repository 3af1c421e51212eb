package io.vigil.server.models;

import io.vigil.server.auth.Caller;
import io.vigil.server.core.VigilException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The moves that change what serves a detection slot: deploy, rollback, retire. Each takes its
 * locks in one order, the slot's first and then the model rows by id, so concurrent moves (on one
 * instance or several) wait for each other and never deadlock; a transaction the database aborts
 * anyway is run again. Once a move has committed, the {@link DeploymentListener}s of this instance
 * follow it before the move returns; the move's transaction also announces it to the other instances
 * ({@link DeploymentNotices}).
 */
final class DeploymentMoves {
    private static final Logger log = LoggerFactory.getLogger(DeploymentMoves.class);

    private final ModelRepository repository;
    private final ModelTransitions transitions;
    private final Clock clock;
    private final UUID instance;
    private final List<DeploymentListener> listeners = new CopyOnWriteArrayList<>();

    /** {@code instance}: this process's id, named in the notices its moves send. */
    DeploymentMoves(ModelRepository repository, ModelTransitions transitions, Clock clock, UUID instance) {
        this.repository = repository;
        this.transitions = transitions;
        this.clock = clock;
        this.instance = instance;
    }

    void addListener(DeploymentListener listener) {
        listeners.add(listener);
    }

    Deployment deploy(UUID id, Integer version, Caller by) {
        // a bundle that cannot be loaded fails the deploy before anything changes; the transaction re-checks it all
        deployableVersion(repository.get(id), version).ifPresent(number -> listeners.forEach(l -> l.prepare(id, number)));
        Deployment d = repository.inTransactionRetrying(h -> {
            SlotLocks locks = lockSlot(h, id, active -> active.map(Deployment::modelId).stream().toList());
            RegisteredModel m = locks.model(id);
            if (!m.status().canMoveTo(ModelStatus.DEPLOYED)) {
                throw ModelTransitions.illegalMove(m, ModelStatus.DEPLOYED);
            }
            int number = version != null ? version : latestValidated(h, m);
            ModelVersion v = repository.version(h, id, number)
                    .orElseThrow(() -> VigilException.notFound("model " + id + " has no version " + number));
            if (!v.status().isDeployable()) {
                throw VigilException.conflict("version " + number + " of " + m.modelName() + " is " + v.status()
                        + "; validate it before deploying it");
            }
            return announced(h, activate(h, locks, m, number, "deploy", by));
        });
        servingChanged(d);
        log.atInfo().addKeyValue("modelId", id).addKeyValue("version", d.version()).addKeyValue("modelType", d.modelType())
                .addKeyValue("by", by.name()).log("model deployed");
        return d;
    }

    Deployment rollback(UUID id, Caller by) {
        RegisteredModel current = repository.get(id);
        repository.withHandle(h -> repository.activeDeployment(h, current.modelType()))
                .filter(a -> a.modelId().equals(id) && a.previousModelId() != null)
                .ifPresent(a -> listeners.forEach(l -> l.prepare(a.previousModelId(), a.previousVersion())));
        Deployment d = repository.inTransactionRetrying(h -> {
            SlotLocks locks = lockSlot(h, id, active -> active.filter(a -> a.modelId().equals(id))
                    .map(Deployment::previousModelId).filter(Objects::nonNull).stream().toList());
            RegisteredModel m = locks.model(id);
            Deployment active = locks.active()
                    .filter(a -> a.modelId().equals(id))
                    .orElseThrow(() -> VigilException.conflict("model " + m.modelName() + " is not the deployed " + m.modelType()
                            + " model; nothing to roll back"));
            if (active.previousModelId() == null) {
                throw VigilException.conflict("there is no earlier deployment of " + m.modelType() + " to roll back to");
            }
            RegisteredModel previous = locks.models().get(active.previousModelId());
            if (previous == null) {
                throw VigilException.conflict("the previous model of " + m.modelType() + " has been deleted; nothing to roll back to");
            }
            if (previous.status() == ModelStatus.RETIRED) {
                throw VigilException.conflict("the previous model " + previous.modelName() + " is retired");
            }
            return announced(h, activate(h, locks, previous, active.previousVersion(), "rollback", by));
        });
        servingChanged(d);
        log.atInfo().addKeyValue("modelId", d.modelId()).addKeyValue("version", d.version()).addKeyValue("modelType", d.modelType())
                .addKeyValue("by", by.name()).log("model rolled back");
        return d;
    }

    void retire(UUID id, Caller by) {
        String modelType = repository.inTransactionRetrying(h -> {
            SlotLocks locks = lockSlot(h, id, active -> List.of());
            RegisteredModel m = locks.model(id);
            if (!m.status().canMoveTo(ModelStatus.RETIRED)) {
                throw ModelTransitions.illegalMove(m, ModelStatus.RETIRED);
            }
            locks.active().filter(a -> a.modelId().equals(id))
                    .ifPresent(a -> repository.endDeployment(h, a.id(), clock.instant()));
            for (ModelVersion v : repository.versions(h, id)) {
                repository.setVersionStatus(h, id, v.version(), VersionStatus.RETIRED);
            }
            transitions.move(h, m, ModelStatus.RETIRED);
            DeploymentNotices.announce(h, instance, m.modelType(), Set.of(id));
            return m.modelType();
        });
        listeners.forEach(l -> l.servingChanged(modelType, Set.of(id)));
        log.atInfo().addKeyValue("modelId", id).addKeyValue("by", by.name()).log("model retired");
    }

    /** The locks of one move: the slot's active deployment (fixed until the commit) and the locked model rows. */
    private record SlotLocks(Optional<Deployment> active, Map<UUID, RegisteredModel> models) {
        RegisteredModel model(UUID id) {
            RegisteredModel m = models.get(id);
            if (m == null) {
                throw ModelRepository.noModel(id);
            }
            return m;
        }
    }

    /**
     * Locks the slot of model {@code id}, then its row and the rows {@code others} names given the
     * slot's active deployment, read under the slot lock: deploy, rollback and retire all lock here.
     */
    private SlotLocks lockSlot(Handle h, UUID id, Function<Optional<Deployment>, List<UUID>> others) {
        RegisteredModel unlocked = repository.find(h, id).orElseThrow(() -> ModelRepository.noModel(id));
        repository.lockSlot(h, unlocked.modelType());
        Optional<Deployment> active = repository.activeDeployment(h, unlocked.modelType());
        Set<UUID> ids = new HashSet<>(others.apply(active));
        ids.add(id);
        Map<UUID, RegisteredModel> locked = repository.lockInOrder(h, ids);
        RegisteredModel m = locked.get(id);
        if (m != null && !m.modelType().equals(unlocked.modelType())) {
            throw new RetryingTransactions.SlotChangedException(id); // the slot locked is not its slot any more: run again
        }
        return new SlotLocks(active, locked);
    }

    private Deployment activate(Handle h, SlotLocks locks, RegisteredModel m, int number, String action, Caller by) {
        Deployment previous = locks.active().orElse(null);
        if (previous != null && previous.modelId().equals(m.id()) && previous.version() == number) {
            return previous; // already serving: deploying again changes nothing
        }
        Instant now = clock.instant();
        if (previous != null) {
            repository.endDeployment(h, previous.id(), now);
            repository.setVersionStatus(h, previous.modelId(), previous.version(), VersionStatus.VALIDATED);
            if (!previous.modelId().equals(m.id())) {
                RegisteredModel before = locks.models().get(previous.modelId());
                if (before != null && before.status() == ModelStatus.DEPLOYED) {
                    transitions.move(h, before, ModelStatus.VALIDATED);
                }
            }
        }
        Deployment d = repository.insertDeployment(h, m.modelType(), m.id(), number, action, previous, by.name(), now);
        repository.setVersionStatus(h, m.id(), number, VersionStatus.DEPLOYED);
        transitions.move(h, m, ModelStatus.DEPLOYED);
        return d;
    }

    /** After the commit: this instance's serving follows before the caller gets its answer. */
    private void servingChanged(Deployment d) {
        listeners.forEach(l -> l.servingChanged(d.modelType(), affected(d)));
    }

    /** In the move's transaction: the other instances hear of it once it commits. */
    private Deployment announced(Handle h, Deployment d) {
        DeploymentNotices.announce(h, instance, d.modelType(), affected(d));
        return d;
    }

    private static Set<UUID> affected(Deployment d) {
        Set<UUID> affected = new HashSet<>();
        affected.add(d.modelId());
        if (d.previousModelId() != null) {
            affected.add(d.previousModelId());
        }
        return affected;
    }

    /** The version a deploy will put in place, read without locks; empty if the deploy is going to be refused. */
    private Optional<Integer> deployableVersion(RegisteredModel m, Integer version) {
        if (!m.status().canMoveTo(ModelStatus.DEPLOYED)) {
            return Optional.empty();
        }
        return repository.withHandle(h -> repository.versions(h, m.id()).stream()
                .filter(v -> version == null || v.version() == version)
                .filter(v -> v.status().isDeployable())
                .map(ModelVersion::version).max(Integer::compare));
    }

    private int latestValidated(Handle h, RegisteredModel m) {
        return repository.versions(h, m.id()).stream().filter(v -> v.status().isDeployable())
                .mapToInt(ModelVersion::version).max()
                .orElseThrow(() -> VigilException.conflict("model " + m.modelName() + " has no validated version; validate one first"));
    }
}
