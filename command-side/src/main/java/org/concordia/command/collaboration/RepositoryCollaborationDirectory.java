package org.concordia.command.collaboration;

import java.util.Objects;
import org.axonframework.modelling.command.Repository;
import org.concordia.command.directory.CollaborationDirectory;
import org.concordia.command.directory.CollaborationFacts;

/**
 * Spring-free {@link CollaborationDirectory} that loads the Collaboration aggregate through its Axon
 * repository and asks it for its facts. Must be called inside a unit of work (as command and deadline
 * handlers are). Loading takes the collaboration's lock for the rest of the unit of work; the lock order is
 * always issue → collaboration (RaiseIssue only creates a brand-new issue), so this cannot deadlock.
 */
public class RepositoryCollaborationDirectory implements CollaborationDirectory {

    private final Repository<Collaboration> repository;

    public RepositoryCollaborationDirectory(Repository<Collaboration> repository) {
        this.repository = Objects.requireNonNull(repository, "repository");
    }

    @Override
    public CollaborationFacts factsOf(String collaborationId) {
        return repository.load(collaborationId).invoke(Collaboration::facts);
    }
}
