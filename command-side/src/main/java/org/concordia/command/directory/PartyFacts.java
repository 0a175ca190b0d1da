package org.concordia.command.directory;

import org.concordia.kernel.collaboration.PartyRole;

public record PartyFacts(String partyId, String name, PartyRole role) {
}
