# ruff: noqa: E501  (the action texts are a table: one line each reads best)
"""Write data/framework/eggo-actions.ttl: one country-neutral action per eGGO benchmark.

The action texts below are editorial: written by hand from each benchmark's name, as the thing a
green rating asks for, naming no institution. Good-practice passages are quoted verbatim from the
report's chapters with their line. Precedents are read from the shipped recommendations (the
Annex 2 recommendations that address each benchmark), quoted as the recommendations file quotes
them. Run `python scripts/build_actions.py` after changing either; the output is deterministic.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

ROOT = Path(__file__).resolve().parent.parent
EGGO = Namespace("https://w3id.org/eggo/ontology#")
FW = Namespace("https://w3id.org/eggo/framework/")
SOURCE = URIRef("https://w3id.org/eggo/source/ukraine-e-government-assessment-2018")

ACTIONS = {
    "1.1": "Give one body the leading policymaking role for e-government, formally, in law or regulation.",
    "1.2": "Separate policy planning from implementation, and give the two roles to different bodies.",
    "1.3": "Give the leading policymaking role the capacity, tools and processes it needs to work.",
    "1.4": "Consult the public on e-government policies, and publish how the input was used.",
    "1.5": "Secure high-level political support and a standing structure that coordinates e-government across government.",
    "1.6": "Have the leading policymaking role scan for new technology and try new ways of solving policy issues.",
    "2.1": "Set up a central e-government unit, or a central function, formally.",
    "2.2": "Give the central e-government unit high-level backing, and keep it focused on implementation.",
    "2.3": "Staff and equip the central e-government unit so that it can implement.",
    "2.4": "Build partnerships with the private sector and donors around the e-government programme.",
    "2.5": "Delineate implementation roles clearly, so that every task has one responsible body.",
    "2.6": "Decide on the sustainability and business model of each solution before building it, and follow the decision.",
    "2.7": "Focus the central e-government unit on cross-sector and subnational coordination and on horizontal solutions.",
    "2.8": "Put appropriate financial management arrangements in place for e-government spending.",
    "2.9": "Build the capacity of sectors to manage their own digitalization projects.",
    "3.1": "Make ICT procurement transparent.",
    "3.2": "Keep track of how ICT procurement is planned across government.",
    "3.3": "Issue ICT procurement guidelines to public entities.",
    "3.4": "Set up a working mechanism that coordinates ICT procurement.",
    "3.5": "Set up a unit in charge of a centralized ICT procurement policy.",
    "3.6": "Keep ICT contracts in one central repository.",
    "3.7": "Keep an inventory of ICT assets that shows their age in real time.",
    "3.8": "Include maintenance services when procuring systems.",
    "3.9": "Record suppliers' past performance in a database that buyers consult.",
    "3.10": "Extend the coordination of ICT procurement to subnational government.",
    "4.1": "Adopt concepts and regulations for the key digital enablers.",
    "4.2": "Set up a formal mechanism for planning digitalization at national level.",
    "4.3": "Set up a formal mechanism for coordinating digitalization at subnational level.",
    "4.4": "Approve standards for e-government.",
    "4.5": "Formalize good practice principles for e-government in regulation.",
    "4.6": "Back regulations with an effective methodological framework: guides, templates and support for those who apply them.",
    "4.7": "Put a robust framework for personal data protection in place, and enforce it.",
    "4.8": "Adopt open data policies that require machine-readable data and APIs.",
    "5.1": "Make modernized public services the cornerstone of the e-government agenda.",
    "5.2": "Assign the roles for modernizing public services.",
    "5.3": "Make an inventory of public services with the digitalization status and category of each.",
    "5.4": "Review services horizontally and cut the outdated and duplicated ones.",
    "5.5": "Filter public services to cluster them and share what they have in common.",
    "5.6": "Publish the final list of services, with their passports, on the public services portal.",
    "5.7": "Raise the share of services available online on the public services portal.",
    "5.8": "Make business process re-engineering a precondition for every digitalization initiative.",
    "5.9": "Centralize digitalization around shared and enabling services.",
    "5.10": "Plan for innovative technology when modernizing and digitalizing public services.",
    "6.1": "Make an inventory of the registries and prioritize them.",
    "6.2": "Cleanse the registries and align them with common standards.",
    "6.3": "Complete the key registries and keep them up to date.",
    "6.4": "Provide a reliable unique ID number to use for interoperability.",
    "6.5": "Adopt formal standards and requirements for interoperability.",
    "6.6": "Put an effective interoperability platform in place.",
    "6.7": "Connect all registries, and make data exchange between them mandatory.",
    "6.8": "Give citizens an effective way to see and correct the information held about them.",
    "7.1": "Raise internet penetration.",
    "7.2": "Widen the urban population's access to computers and mobile devices.",
    "7.3": "Reach full coverage by mobile operators.",
    "7.4": "Widen the rural population's access to computers and mobile devices.",
    "7.5": "Bring broadband to the whole country.",
    "8.1": "Put basic feedback mechanisms in place.",
    "8.2": "Run customer surveys periodically, and use them internally.",
    "8.3": "Have independent entities run the customer surveys, and publish the results online.",
    "8.4": "Set up an effective platform for real-time electronic feedback.",
    "8.5": "Offer customer support around the clock.",
    "9.1": "Offer one-stop-shop service centres as a fallback for traditional access.",
    "9.2": "Deliver each online service through the most effective channel.",
    "9.3": "Offer online portals with single sign-on and personalized services.",
    "9.4": "Create one-stop-shop service centres through public-private partnerships.",
    "10.1": "Provide identity proofing and a formal ID.",
    "10.2": "Reach a critical mass of users with a formal or alternative e-ID.",
    "10.3": "Provide a unique ID number for interoperability.",
    "10.4": "Roll out legally binding e-IDs and e-signatures.",
    "10.5": "Put a shared access and authentication service in place.",
    "11.1": "Require data management and analytics by default in every digitalization project.",
    "11.2": "Adopt formal standards for government data management.",
    "11.3": "Use analytics to improve public services and to assess their impact.",
    "11.4": "Publish machine-readable data on the open data portal.",
    "11.5": "Train civil servants to analyze data across the policy cycle, and require them to.",
    "11.6": "Set up a special unit in charge of data management in the public sector.",
    "11.7": "Use advanced data analytics (big data, AI, the Internet of Things) in the public sector.",
    "12.1": "Collect performance information on entities, services and civil servants.",
    "12.2": "Exchange performance information between systems.",
    "12.3": "Use performance information in human resource management.",
    "12.4": "Use performance information in policymaking.",
    "13.1": "Bring the data center infrastructure up to the minimum requirements.",
    "13.2": "Agree on a shared vision of centralizing the public sector's data infrastructure.",
    "13.3": "Make an inventory of the data centers, with the maturity level of each.",
    "13.4": "Set up a modern, centralized public sector data center.",
    "13.5": "Migrate information systems and critical registries to a common public sector virtual environment.",
    "13.6": "Build a virtual environment that uses the mature data centers as connected nodes.",
    "13.7": "Combine private and public clouds, placing data by its sensitivity and how often it is used.",
    "14.1": "Equip the staff who support information systems with PCs.",
    "14.2": "Equip all civil servants with PCs.",
    "14.3": "Give all civil servants a high-speed internet connection.",
    "14.4": "Give all civil servants a digital signature.",
    "14.5": "Provide a centralized public sector virtual environment, with thin-client access through virtual desktops.",
    "15.1": "Set formal back-up requirements.",
    "15.2": "Back up data, at least simply, on a server or through private cloud hosting.",
    "15.3": "Set clear back-up and archiving requirements, processes and solutions.",
    "15.4": "Put a robust remote back-up server and virtual environment in place.",
    "15.5": "Put modern business continuity and disaster recovery arrangements in place.",
    "16.1": "Set up a clear system for assessing the risk of security incidents.",
    "16.2": "Adopt cybersecurity policies, standards and processes.",
    "16.3": "Put a government intranet in place, and use it for sensitive and restricted data.",
    "16.4": "Build the capacity to collect and process data on the risk and impact of incidents.",
    "16.5": "Build the technical capacity to prevent security breaches and respond to them.",
    "16.6": "Educate users, and raise their awareness and readiness.",
    "17.1": "Keep a clear trail of logs in digital systems that audits can use.",
    "17.2": "Make the re-engineering methodology handle checks and balances systematically.",
    "17.3": "Use digital solutions to monitor agency relation risks better.",
    "17.4": "Motivate customers to monitor, through online feedback and grievance channels.",
    "17.5": "Use digital solutions to engage the public as external monitors.",
    "17.6": "Use advanced technology (blockchain, AI) for monitoring where it fits.",
    "18.1": "Embed effective internal cross-checks in the systems.",
    "18.2": "Use interoperability and data exchange for effective third-party cross-checks.",
    "18.3": "Put robust risk management systems in place.",
    "18.4": "Put a robust mechanism in place to act on risk flags and findings.",
    "18.5": "Use advanced technology in risk management and cross-checks.",
}

# Passages of the chapters that describe the good practice, verbatim, with their line.
GOOD_PRACTICE = {
    "3.1": [("Besides being transparent, procurement of ICT systems needs to be agile.", 420)],
    "3.3": [
        (
            "Due to its complexity the procurement of ICT system should be covered by special "
            "guidelines available to public entities.",
            420,
        )
    ],
    "3.7": [
        (
            "governments should have a good knowledge of their existing assets, including a skills "
            "inventory, ICT inventory and age of existing assets",
            420,
        )
    ],
    "5.9": [
        (
            "Implementation of shared services is used by most countries as a valid strategy to "
            "address the above-mentioned problems.",
            732,
        )
    ],
    "6.2": [("registries need to be cleansed and aligned to common standards", 813)],
    "11.1": [
        ("The use of data and analytics should be embedded throughout the policy cycle.", 1110)
    ],
    "11.3": [
        (
            "governments should better exploit digital technologies and data analysis to "
            "understand societal needs.",
            1110,
        )
    ],
    "11.5": [
        (
            "The culture of data analysis and use within the public sector should be developed "
            "through comprehensive civil servant training programs to help predict new needs and "
            "trends.",
            1110,
        )
    ],
    "13.1": [("Non-compliant data centers and server rooms should disappear as a class.", 1231)],
    "13.3": [
        (
            "The process of data centers consolidation should start with an inventory of data "
            "centers assets with an indication of their level of maturity and development of a "
            "consolidation plan.",
            1231,
        )
    ],
    "13.6": [
        (
            "The most advanced data centers can be consolidated and used as nodes of a unified "
            "public sector virtual environment.",
            1231,
        )
    ],
    "18.2": [
        ("Interoperability and data exchange is the main enabling condition and requirement.", 1479)
    ],
}

# Institutional situations each action remedies (the institutions rule reads these).
REMEDIES = {"1.2": EGGO.DualRole, "2.5": EGGO.OverlappingMandates}

HEADER = """\
# The eGGO action library: one country-neutral action per benchmark, the thing a green rating asks
# for. Written by scripts/build_actions.py; edit the script, not this file.
# - Action texts are EDITORIAL (eggo:origin eggo:Editorial, with a rationale): phrased from the
#   benchmark's name; they name no institution.
# - eggo:goodPractice quotes a chapter passage that describes the good practice, verbatim.
# - eggo:precedent quotes the Annex 2 recommendations of the 2018 Ukraine assessment that address
#   the benchmark: what experts recommended in one country, never another country's own list.
# - eggo:remedies names the institutional situation the institutions rule binds the action to.
"""


def code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.split("."))


def build() -> Graph:
    framework = Graph().parse(ROOT / "data" / "framework" / "eggo-framework.ttl")
    recs = Graph().parse(ROOT / "data" / "recommendations" / "ukraine-2018.ttl")
    benchmarks = {
        str(framework.value(b, SKOS.notation)): b
        for b in framework.subjects(RDF.type, EGGO.Benchmark)
    }
    missing = sorted(set(benchmarks) ^ set(ACTIONS), key=code_key)
    if missing:
        sys.exit(f"actions and benchmarks differ: {', '.join(missing)}")
    g = Graph()
    for prefix, ns in (("eggo", EGGO), ("fw", FW), ("skos", SKOS), ("dcterms", DCTERMS)):
        g.bind(prefix, ns)
    g.bind("rdfs", RDFS)
    g.bind("xsd", XSD)
    g.bind("rec", Namespace("https://w3id.org/eggo/assessment/ua-2018/recommendation/"))
    for code in sorted(ACTIONS, key=code_key):
        b = benchmarks[code]
        action = FW[f"action-{code}"]
        name = str(framework.value(b, SKOS.prefLabel))
        g.add((action, RDF.type, EGGO.Action))
        g.add((action, SKOS.notation, Literal(code)))
        g.add((action, RDFS.label, Literal(f"action for {code}", lang="en")))
        g.add((action, EGGO.benchmark, b))
        g.add((action, EGGO.actionText, Literal(ACTIONS[code], lang="en")))
        g.add((action, EGGO.origin, EGGO.Editorial))
        why = f'Worded from the benchmark\'s name, "{name}", as what a green rating asks for'
        if code in GOOD_PRACTICE:
            why += " and as the chapter's good practice describes it"
        g.add((action, EGGO.rationale, Literal(why + ".", lang="en")))
        for n, (quote, line) in enumerate(GOOD_PRACTICE.get(code, ()), 1):
            gp = FW[f"action-{code}/good-practice-{n}"]
            g.add((action, EGGO.goodPractice, gp))
            g.add((gp, RDF.type, EGGO.SupportingPassage))
            g.add((gp, DCTERMS.source, SOURCE))
            g.add((gp, EGGO.quote, Literal(quote)))
            g.add((gp, EGGO.sourceLine, Literal(line, datatype=XSD.positiveInteger)))
        if code in REMEDIES:
            g.add((action, EGGO.remedies, REMEDIES[code]))
        for rec in sorted(recs.subjects(EGGO.addresses, b)):
            rec_id = str(recs.value(rec, SKOS.notation))
            p = FW[f"action-{code}/precedent-ua-2018-{rec_id}"]
            g.add((action, EGGO.precedent, p))
            g.add((p, RDF.type, EGGO.Precedent))
            g.add((p, EGGO.recommendation, rec))
            g.add((p, SKOS.notation, Literal(rec_id)))
            g.add((p, DCTERMS.source, SOURCE))
            g.add((p, EGGO.quote, recs.value(rec, EGGO.quote)))
            g.add((p, EGGO.sourceLine, recs.value(rec, EGGO.sourceLine)))
    return g


def main() -> None:
    out = ROOT / "data" / "framework" / "eggo-actions.ttl"
    out.write_text(HEADER + build().serialize(format="turtle"), encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
