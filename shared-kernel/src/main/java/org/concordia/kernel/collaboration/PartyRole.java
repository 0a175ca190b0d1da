package org.concordia.kernel.collaboration;

/** The role a party plays in the collaboration. */
public enum PartyRole {
    SPONSOR, CRO, SITE, INVESTIGATOR, PATIENT_ADVOCACY, REGULATOR, ETHICS_COMMITTEE, DATA_MONITORING_COMMITTEE, ACADEMIC_PARTNER, FUNDER, VENDOR, OTHER
}
