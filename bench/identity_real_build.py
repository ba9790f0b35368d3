"""Write bench/data/identity_real.json from the reading recorded below.

    .venv/bin/python bench/identity_real_build.py [--check]

The reading is in PEOPLE and CONTRASTS: each person is the bylines whose printed
name matches a pattern (minus bylines read as someone else's), with a note of what
in the papers says it is one person; each contrast names two people the papers show
to be different. Both were written after reading the bylines side by side with
``bench/identity_real_candidates.py`` (title, year, category, co-authors,
affiliation), never from the matcher's output. The pairs are drawn from them
deterministically: for one person, pairs between different printed forms first,
then a few with the same form; for two people, a few of their bylines crossed.

``--check`` prints each person's bylines (years, categories, files) instead.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

OUT = Path(__file__).resolve().parent / "data" / "identity_real.json"
CAUSES = (
    "identical name",
    "initials or middle name",
    "TeX or transliteration",
    "reversed order",
    "common name",
    "particles",
    "namesake",
    "group byline",
)
SAME_VARIANT_PAIRS = 2  # per two printed forms of one person
SAME_IDENTICAL_PAIRS = 1  # per printed form used on several papers
DIFFERENT_PAIRS = 5  # per contrast

# label: (pattern on the name as printed, note; exclusions are (arXiv id, position))
P = {}


def person(label, pattern, note, exclude=(), only=None, group=False):
    P[label] = {
        "pattern": pattern,
        "note": note,
        "exclude": set(exclude),
        "only": only,
        "group": group,
    }


# fmt: off
# --- cs.DS / stringology people printed several ways --------------------------------------
ST = "string algorithms / compressed data structures"
person("Travis Gagie", r"(T\.|Travis) Gagie", f"{ST}; always with Navarro, Puglisi, Manzini, Prezza; 2005-2024")
person("Gonzalo Navarro", r"(G\.|Gonzalo) Navarro", f"{ST}; U. Chile; with Gagie, Claude, Barbay, Nekrich")
person("Simon J. Puglisi", r"(S\. J\.|Simon J\.|Simon) Puglisi", f"{ST}; Helsinki; with Gagie, Kärkkäinen, Zobel")
person("Inge Li Gørtz", r"Inge Li G(ø|oe)rtz", f"{ST}; DTU; always with Philip Bille")
person("Dominik Köppl", r"Dominik K(ö|oe)ppl", f"{ST}; with Fischer, Tomohiro I, Bannai, Inenaga")
person("Tomohiro I", r"Tomohiro I|I Tomohiro", f"{ST}; Kyushu/Kyutech; with Bannai, Inenaga, Takeda, Sakamoto")
person("I. Tapan", r"I\. Tapan", "BESIII author (hep-ex, 2016); the 434-name e+e- -> eta' J/psi paper")
person("Djamal Belazzougui", r"(D\.|Djamal) Belazzougui", f"{ST}; with Gagie, Navarro, Cunial, Mäkinen")
person("Jeffrey Shallit", r"(J\.|Jeffrey) Shallit", "combinatorics on words / automatic sequences; Waterloo; with Rampersad, Currie, Ochem")
person("Costas S. Iliopoulos", r"Costas( S\.)? Iliopoulos", f"{ST}; King's College London; with Crochemore, Pissis, Kociumaka")
person("Tomasz Waleń", r"Tomasz Wale(ń|n)", f"{ST}; Warsaw; with Kociumaka, Radoszewski, Rytter")
person("Kunihiko Sadakane", r"Kuni(h|k)iko Sadakane", f"{ST}; Tokyo; 'Kunikiko' is a misprint on the 2012 stack-based algorithms paper with Barba, Korman, Langerman, Silveira")
person("Juha Kärkkäinen", r"Juha K(ä|a)rkk(ä|a)inen", f"{ST}; Helsinki; with Puglisi, Kempa, Gagie")
person("Narad Rampersad", r"(N\.|Narad) Rampersad", "combinatorics on words; Winnipeg; with Shallit, Currie, Mol")
person("Marinella Sciortino", r"(M\.|Marinella) Sciortino", f"{ST}; Palermo; with Mantaci, Restivo, Rosone")
person("Veli Mäkinen", r"(V\.|Veli) Mäkinen", f"{ST}/pangenomics; Helsinki; with Belazzougui, Equi, Cáceres")
person("Giovanna Rosone", r"(G\.|Giovanna) Rosone", f"{ST}; Pisa; with Sciortino, Mantaci, Prezza")
person("Robert E. Tarjan", r"Robert( E\.)? Tarjan", "heaps, search trees; Princeton; with Sinnamon, Levy, Zwick, Haeupler")
person("Artur Jeż", r"Artur Je(ż|z)", f"{ST}/word equations; Wrocław; with Lohrey, Hucke, Gawrychowski")
person("Raphaël Clifford", r"Rapha(ë|e)l Clifford", f"{ST}; Bristol; with Kociumaka, Porat, Starikovskaya")
person("Adrian Del Maestro", r"(A\.|Adrian) Del Maestro", "condensed matter (helium-4, Luttinger liquids, QMC); with Sachdev, Affleck, Herdman")
person("Jouni Sirén", r"(J\.|Jouni) Sir(é|e)n", f"{ST}; Helsinki, later UCSC; with Navarro, Gagie, Puglisi")
person("Paweł Gawrychowski", r"Pawe(ł|l) Gawrychowski", f"{ST}; Wrocław; with Gagie, Kociumaka, Uznański")
person("Solon P. Pissis", r"Solon( P\.)? Pissis", f"{ST}; CWI; with Iliopoulos, Charalampopoulos, Loukides")
person("Guillermo de Bernardo", r"Guillermo (De|de) Bernardo", f"{ST}; A Coruña; with Brisaboa, Navarro, Cerdeira-Pena")
person("Antonio Fariña", r"Antonio Fari(ñ|n)a", f"{ST}; A Coruña; with Brisaboa, Navarro, Claude")
person("Przemysław Uznański", r"Przemys(ł|l)aw Uzna(ń|n)ski", f"{ST}; Wrocław; with Gawrychowski, Kociumaka")
person("Michal Koucký", r"Michal Kouck(ý|y)", "edit distance, lower bounds; Prague; with Saks, Chakraborty, Das")
person("László Kozma", r"L(á|a)szl(ó|o) Kozma", "search trees, heaps; with Chalermsook, Saranurak, Berendsohn")
person("Martín Farach-Colton", r"Mart(í|i)n Farach-Colton", "hashing, external memory; with Bender, Kuszmaul, Conway")
person("Luís M. S. Russo", r"Lu(í|i)s M\. S\. Russo", f"{ST}; Lisbon; with Navarro, Francisco")
person("Arseny M. Shur", r"Arseny( M\.)? Shur", "combinatorics on words/palindromes; Ekaterinburg then Bar-Ilan; with Kosolobov, Rubinchik, Golan")
person("Armin Weiß", r"Armin Wei(ß|ss)", "sorting (QuickXsort), group word problems; Stuttgart; with Edelkamp, Diekert, Lohrey")
person("Achim Weiss", r"Achim Weiss", "stellar atmospheres (astro-ph, 2014), with Asplund and Magic")
person("Jérémy Barbay", r"(J\.|Jeremy|Jérémy) Barbay", f"{ST}; U. Chile; with Navarro, Claude")
person("Francisco Claude", r"(F\.|Francisco) Claude", f"{ST}; with Navarro, Fariña, Barbay")
person("Sebastian Maneth", r"(S\.|Sebastian) Maneth", "tree/XML compression; with Lohrey, Peternek, Navarro")
person("M. Oğuzhan Külekci", r"M\. O(ğ|g)uzhan K(ü|u)lekci", f"{ST}; Istanbul; with Faro, Xu")
person("Lubomíra Dvořáková", r"L'?ubomíra Dvořáková", "combinatorics on words (episturmian, Rote sequences); Prague; with Pelantová")
person("Michael A. Bender", r"Mic(h)?ael A\. Bender", "hashing, external memory; with Farach-Colton, Kuszmaul ('Micael' is a misprint)")
person("Mikko Berggren Ettienne", r"Mikko Berggre?en Ettienne", f"{ST}; DTU; with Bille, Gørtz ('Berggreen' is a misprint)")
person("Marcin Piątkowski", r"Marcin Pi(ą|a|ca)tkowski", f"{ST}; Toruń; with Kärkkäinen, Bannai ('Picatkowski' is a misprint)")
person("Robert Mercaş", r"Robert Merca(ş|s)", "runs, absent words; with Crochemore, Fici, Pissis")
person("Jan Kynčl", r"Jan Kyn(č|\\v\{c\})l", "discrete geometry / permutation patterns; Prague; with Holmsen, Jelínek")
person("Veronica Becher", r"Ver(ó|o)nica Becher", "combinatorics on words, repeats; Buenos Aires")
person("Michael Saks", r"(M\.|Michael( E\.)?) Saks", "edit distance, lower bounds; Rutgers; with Koucký, Seshadhri")
person("Jevgēnijs Vihrovs", r"Jevg(ē|\\=e)nijs Vihrovs", "quantum algorithms; Riga; with Ambainis, Prūsis")
person("Krišjānis Prūsis", r"Kri(š|\\v\{s\})j(ā|\\=a)nis Pr(ū|\\=u)sis", "quantum algorithms; Riga; with Vihrovs, Ambainis")
person("Jörg Liesen", r'J(ö|\\"o)rg Liesen', "numerical analysis (rational functions, logarithmic capacity); TU Berlin; with Olivier Sète")
person("Paweł Woźny", r"Pawe\{\\l\} Wo\\'zny", "Bézier curves / Bernstein polynomials; Wrocław; with Lewanowicz")
person("James D. Currie", r"James( D\.)? Currie", "combinatorics on words; Winnipeg; with Rampersad, Shallit, Ochem")
person("Mordecai J. Golin", r"Mordecai( J\.)? Golin", "prefix codes, search trees; HKUST; with Chrobak, Munro, Young")
person("Markus E. Nebel", r"Markus( E\.)? Nebel", "Quicksort analysis; with Wild, Martínez")
person("W. F. Smyth", r"(W\. F\.|William F\.) Smyth", f"{ST}: covers, Lyndon arrays; McMaster; with Rahman, Louza, Mhaskar")
person("Lorraine A. K. Ayad", r"Lorraine A\. K\.? Ayad", f"{ST}; with Pissis, Loukides, Iliopoulos")
person("Sabrina Mantaci", r"(S\.|Sabrina) Mantaci", "BWT / combinatorics on words; Palermo; with Restivo, Sciortino, Rosone")
# --- physics people in the 2014 OAI harvest and the 2016 arXivRaw file --------------------
person("Ralf Metzler", r"(R\.|Ralf) Metzler", "anomalous diffusion (stat-mech); Potsdam; with Chechkin, Cherstvy, Godec")
person("Aleksei V. Chechkin", r"(A\. V\.|Aleksei V\.) Chechkin", "anomalous diffusion; with Metzler, Jeon")
person("Andrey G. Cherstvy", r"Andrey G\.? Cherstvy", "polymers, diffusion; Potsdam; with Metzler")
person("Maximilian Bauer", r"Max(imilian)? Bauer", "diffusion in crowded media, 2013-14; both with Aljaz Godec and Ralf Metzler ('Max' = 'Maximilian')")
person("Markus J. Bauer", r"Markus J\. Bauer", "BWT/LCP for sequencing data; Illumina; with Cox, Rosone")
person("Hrvoje Buljan", r"(H\.|Hrvoje) Buljan", "photonic lattices, plasmons; Zagreb; with Jukić, Soljačić")
person("Andrew V. Knyazev", r"Andrew( V\.)? Knyazev", "numerical linear algebra / preconditioning (math.NA, math.OC); with Vecharynski, Malyshev")
person("Subir Sachdev", r"Subir Sachdev", "condensed matter theory (Harvard); large-N, density waves; with Del Maestro")
person("Alexey E. Rastegin", r"Alexey E\. Rastegin", "entropic uncertainty relations (quant-ph), single author 2014 and 2016")
person("Sixia Yu", r"Sixia Yu", "quantum foundations/entanglement; with C. H. Oh")
person("C. H. Oh", r"C\. ?H\. Oh", "quantum foundations/entanglement (Singapore); with Sixia Yu")
person("Yuval Peres", r"Yuval Peres", "probability (random walks, random graphs) and its CS uses; 2014-2019")
person("Tak-Wah Lam", r"Tak-Wah Lam", "bioinformatics (BWT, MEGAHIT) and algorithms; HKU; with Chi-Man Liu, Ruibang Luo")
person("Chi-Man Liu", r"Chi-Man Liu", "GPU BWT and MEGAHIT assembler, 2014; HKU; with Tak-Wah Lam, Ruibang Luo")
person("Siddhartha Sen (heaps)", r"Siddhartha Sen", "data structures (heaps) with Tarjan, 2009", only=[("0903.0116", 1)])
person("Siddhartha Sen (K-theory)", r"Siddhartha Sen", "mathematical physics (K-theory on manifolds), with Koushik Ray, 2014", only=[("1408.4898", 1)])
# --- LHCb / BESIII author lists: same collaboration, same name ------------------------------
person("O. Francisco (LHCb)", r"O\. Francisco", "LHCb author (B physics), on both 2014 LHCb papers")
person("M. Frank (LHCb)", r"M\. Frank", "LHCb author, on both 2014 LHCb papers")
person("C. R. Jones (LHCb)", r"C\. R\. Jones", "LHCb author, on both 2014 LHCb papers")
person("J. Wang (LHCb)", r"J\. Wang", "LHCb author, on both 2014 LHCb papers")
person("L. Zhang (LHCb)", r"L\. Zhang", "LHCb author, on both 2014 LHCb papers", exclude=[("1605.03256", 387)])
person("W. C. Zhang (LHCb)", r"W\. C\. Zhang", "LHCb author, on both 2014 LHCb papers")
person("M. Alexander (LHCb)", r"M\. Alexander", "LHCb author, on both 2014 LHCb papers")
person("Z. Y. Wang (BESIII, 324)", r"Z\. Y\. Wang", "BESIII author printed at position 324", only=[("1605.03256", 324)])
person("Z. Y. Wang (BESIII, 325)", r"Z\. Y\. Wang", "a second BESIII author of the same printed name, position 325", only=[("1605.03256", 325)])
person("LHCb collaboration", r"LHCb collaboration", "the collaboration printed first on both LHCb papers: a group, not a person", group=True)
# --- namesakes: one family name + initial, different people ---------------------------------
person("Francisco Olivares", r"Francisco Olivares", f"{ST}: SLPs, automata; U. Chile; with Navarro, Prezza, Kim")
person("Michael Frank", r"Michael Frank", "sorting networks (cs.DM, 2014) with Codish, Cruz-Filipe, Schneider-Kamp")
person("C. Jones (SPT)", r"C\. Jones", "South Pole Telescope CMB lensing paper (astro-ph, 2014)")
person("Colin N. Jones", r"Colin N\. Jones", "control/optimisation (EPFL), 2014, with Hours")
person("Lucas Mol", r"Lucas Mol", "combinatorics on words (math.CO 2019-22); Winnipeg; with Rampersad, Currie, Shallit")
person("L. A. S. Mól", r"L\.A\.S\. M\\'ol", "statistical mechanics (partition-function zeros), Brazil, 2015, with Rocha and Costa")
person("Karl Bringmann", r"Karl Bringmann", "fine-grained complexity, edit distance; Saarbrücken; with Künnemann, Fischer, Cassis")
person("Kathrin Bringmann", r"Kathrin Bringmann", "number theory (rank generating functions), Cologne, 2014, with Byungchan Kim")
person("Johannes Fischer", r"Johannes Fischer", f"{ST}; Dortmund; with Köppl, Kurpicz, Ellert")
person("Jacqueline Fischer", r"Jacqueline Fischer", "astrophysics (obscured AGN in a dwarf galaxy), 2014, with Secrest, Satyapal")
person("Massimiliano Rossi", r"Massimiliano Rossi", f"{ST}/pangenomics; Florida; with Boucher, Gagie, Manzini, Lipták")
person("M. Rossi (helium)", r"M\. Rossi", "1D liquid helium-4 (cond-mat), 2014, with Bertaina, Motta, Galli")
person("Michele Rossi", r"Michele Rossi", "gait recognition with CNNs (cs.CV), 2016, Padova, with Gadaleta")
person("Julian Pape-Lange", r"Julian Pape-Lange", f"{ST}: cadences, maximal repeats; Chemnitz; 2019-2020")
person("J. S. Lange (BESIII)", r"J\. S\. Lange", "BESIII author (Giessen), hep-ex 2016")
person("Amihood Amir", r"Amihood Amir", f"{ST}; Bar-Ilan; with Boneh, Levy, Porat, Landau")
person("Amir Abboud", r"Amir Abboud", "fine-grained complexity, Gomory-Hu trees; with Backurs, Krauthgamer, Trabelsi")
person("Amir Arbabi", r"Amir Arbabi", "metasurface optics (physics.optics), 2016, Caltech, with Faraon")
person("Timothy M. Chan", r"Timothy( M\.)? Chan", "computational geometry, range searching; with Nekrich, Jin, Larsen")
person("T-H. Hubert Chan", r"T-H\. Hubert Chan", "oblivious sorting / cryptography (2020), with Shi, Pass, Asharov")
person("M. Sohel Rahman", r"M\. Sohel Rahman", f"{ST}; BUET Dhaka; with Iliopoulos, Smyth, Alatabbi")
person("Md. Khaledur Rahman", r"Md\. Khaledur Rahman", "first author of a 2019 prefix block-interchange paper with M. Sohel Rahman (two Rahmans on one byline)")
person("Mir Lutfur Rahman", r"Mir Lutfur Rahman", "Huffman-based SMS compression, 2023, with Pranta Sarker")
person("Sankardeep Chakraborty", r"Sankardeep Chakraborty", "succinct graph data structures; with Sadakane, Satti, Jo")
person("Soubhik Chakraborty", r"Soubhik Chakraborty", "statistical analysis of sorting algorithms (2008, 2011)")
person("Shantanav Chakraborty", r"Shantanav Chakraborty", "quantum walks (quant-ph), 2014, with Novo, Mohseni, Omar")
person("Sumanta Chakraborty", r"Sumanta Chakraborty", "gravity/branes (gr-qc), 2015, with SenGupta")
# --- common East-Asian names ---------------------------------------------------------------
person("Lei Wang (LCS)", r"Lei Wang", "dynamic programming for LCS variants, 2013-2018; always with Xiaodong Wang (and Daxin Zhu, Yingjie Wu)", exclude=[("1412.5977", 8)])
person("Lei Wang (MoS2)", r"Lei Wang", "MoS2 electrical transport (cond-mat, 2014), with Xu Cui, Gwan-Hyoung Lee", only=[("1412.5977", 8)])
person("Xiaodong Wang", r"Xiaodong Wang", "dynamic programming for LCS variants, segment trees; with Lei Wang, Daxin Zhu, Yingjie Wu")
person("Huiyuan Wang", r"Wang Huiyuan|Hui-Yuan Wang|Huiyuan Wang", "quasar absorption lines/clustering (astro-ph 2011-14); always with Shaohua Zhang, Hongyan Zhou, Tinggui Wang (USTC)")
person("Meng He", r"Meng He", "succinct/range data structures; Dalhousie; with Munro, Nekrich, Gagie")
person("Xin Li", r"Xin Li", "coding / document exchange / streaming edit distance (2018-2021); with Kuan Cheng, Ke Wu, Yu Zheng")
person("Qin Zhang", r"Qin Zhang", "sketching/streaming, edit similarity joins (2011-2018); with Belazzougui, Jiecao Chen, Haoyu Zhang")
person("Sung-Hwan Kim", r"Sung-Hwan Kim", "Wheeler automata, prefix sorting (2023-24); with Prezza, Cenzato, Becker")
person("Sungmin Kim", r"Sungmin Kim", "patterns with variables / Simon's congruence (cs.FL 2023) with Manea, Fleischmann")
person("Huacheng Yu", r"Huacheng Yu", "succinct dictionaries, cell-probe bounds; Princeton; with Tianxiao Li, Liang, Zhou")
person("Ce Jin", r"Ce Jin", "fine-grained algorithms (subset sum, edit distance, quantum strings), MIT, 2020-2023")
person("Jin Cao", r"Jin Cao", "maximal common subsequence algorithm (2020), with Dewei Zhong")
person("Lian-Ao Wu", r"Lian-Ao Wu", "quantum control / open systems (quant-ph 2014-16); with Jun Jing, Hefeng Wang")
person("Ling Zhang", r"Ling Zhang", "jamming and boson peak (cond-mat.soft 2015); with Jie Zheng, Jie Zhang")
person("Lingyi Zhang", r"Lingyi Zhang", "heaps and lazy search trees (2019-2020); Waterloo; with Munro, Sandlund")
person("Chang Liu", r"Chang Liu", "weighted/uncertain string indexing (2015-2024); with Pissis, Barton, Kociumaka")
person("Liu Chang", r"Liu Chang", "giant magnetoresistance review (cond-mat, 2014), with Min Wang, Lei Liu")
person("Yu Zheng (JHU)", r"Yu Zheng", "string measures / streaming edit distance (2020-21) with Xin Li", only=[("2002.08498", 3), ("2103.00713", 1)])
person("Yu Zheng (float compression)", r"Yu Zheng", "erasing-based float compression (2023) with Ruiyuan Li, Zheng Li, Chao Chen", only=[("2306.16053", 6), ("2308.11915", 5)])
person("R. Li", r"R\. Li", "LCS algorithms 2023, both with J. Deka and K. Deka")
person("Li Ren", r"Li Ren", "parafermion vertex operator algebras (math.QA, 2014), with Chongying Dong")
person("Amit Kumar (magnetism)", r"Amit Kumar", "magnetic structures of an intermetallic (cond-mat, 2014) with Halder, Bera, Yusuf", only=[("1412.7182", 2)])
person("Amit Kumar (Steiner forest)", r"Amit Kumar", "greedy algorithms for Steiner forest (cs.DS, 2014) with Anupam Gupta", only=[("1412.7693", 1)])
person("Fan Zhang (SnTe)", r"Fan Zhang", "SnTe surface states (cond-mat, 2014) with Yin Shi, Ji Feng", only=[("1412.7734", 2)])
person("Fan Zhang (fuzzing)", r"Fan Zhang", "fuzzing cyber-physical systems (cs.SE, 2020) with Yuqi Chen, Poskitt, Sun", only=[("2005.14124", 4)])
# --- identical names, many papers -----------------------------------------------------------
person("Tomasz Kociumaka", r"Tomasz Kociumaka", f"{ST}; Warsaw, later MPI; with Radoszewski, Rytter, Waleń, Gawrychowski")
person("Nicola Prezza", r"Nicola Prezza", f"{ST}; Udine/DTU/Venice; with Policriti, Gagie, Navarro, Bille")
person("Svante Janson", r"Svante Janson", "probability/analysis of algorithms (1996 Shellsort with Knuth, 2009 tries, 2020 hidden words)")
person("Martin Lackner", r"Martin Lackner", "permutation pattern matching (2012 cs.DS, 2015 math.CO), with Marie-Louise Bruner/Lackner")
person("Marco Previtali", r"Marco Previtali", "string graphs / BWT for sequencing data; Milano-Bicocca; with Bonizzoni, Della Vedova")
person("Onur Mutlu", r"Onur Mutlu", "genome-analysis hardware and compression (ETH); with Alser")
# --- common names with nothing but the topic to go on (read one by one) -----------------------
person("Hongyan Zhou", r"Hongyan Zhou|Zhou Hongyan", "quasar absorption lines (astro-ph 2011-14), USTC; always with Shaohua Zhang, Tinggui Wang, Huiyuan Wang")
person("Shaohua Zhang", r"Shaohua Zhang|Shao-Hua Zhang|Zhang Shaohua", "quasar absorption lines (astro-ph 2011-14), USTC; with Hongyan Zhou, Tinggui Wang, Huiyuan Wang")
person("Tinggui Wang", r"Tinggui Wang|Ting-Gui Wang|Wang Tinggui", "quasar absorption lines (astro-ph 2011-14), USTC; with Hongyan Zhou, Shaohua Zhang, Huiyuan Wang")
person("Ping Li", r"Ping Li", "compressed counting, b-bit minwise hashing (2009-2012) and b-bit hashing again in 2023 (Pb-Hash)")
person("Mingmou Liu", r"Mingmou Liu", "succinct range-minimum lower bounds (2020-21, with Huacheng Yu) and hash-table trade-offs (2021, with Bender, Farach-Colton, Kuszmaul)")
person("Shahbaz Khan", r"Shahbaz Khan", "DFS in the semi-streaming model (2019, IIT Kanpur, with Mehta), flow decompositions (2022, Helsinki, with Tomescu, Cáceres)")
person("Manoj Gupta", r"Manoj Gupta", "dynamic optimality of BSTs (2011, with Navin Goyal), space-efficient DFS (2018): graph/data-structure algorithms, India")
person("Shihyen Chen", r"Shihyen Chen", "tree edit distance and RNA structure alignment (2014-15), with Kaizhong Zhang")
person("Shuo Li", r"Shuo Li", "squares and k-powers in finite words (math.CO 2022), with Brlek, Radoszewski, Pachocki")
person("Qisheng Wang", r"Qisheng Wang", "string algorithms, quantum (minimal rotation with Mingsheng Ying, 2020) and palindromic trees (2022)")
person("Mo Chen", r"Mo Chen", "safe multi-vehicle / UAV path planning (2014-16), with Jaime (F.) Fisac and Claire (J.) Tomlin")
person("Jun Sun", r"Jun Sun", "model checking and fuzzing (cs.SE 2016, 2020), SUTD")
person("Chundong Wang", r"Chundong Wang", "B+-trees for non-volatile memory (2019, 2021)")
person("Jia Gao", r"Jia Gao", "avoided/absent words and cyclic regularities (2016-2021), King's College London; with Iliopoulos, Pissis, then Mantaci, Restivo")
person("Ke Wu", r"Ke Wu", "synchronization strings, document exchange (2018, with Kuan Cheng, Xin Li) and deletion-correcting codes (2021, with Guruswami)")
person("Debarati Das", r"Debarati Das", "edit distance approximation (2018-23, with Koucký, Saha, Kociumaka) and streaming hashing (2020, Copenhagen, with Thorup)")
person("Byungchan Kim", r"Byungchan Kim", "partitions and rank/crank functions (number theory, 2014 and 2016)")
person("Richard Peng", r"Richard Peng", "graph sketching (2018) and heaps (2019): theory of algorithms")
person("Peng Zhang (binary strings)", r"Peng Zhang", "computing on binary strings (cs.DS 2011), with Tian-Ming Bu, Chen Yuan", only=[("1112.0278", 2)])
person("Peng Zhang (cold atoms)", r"Peng Zhang", "Bose-Fermi superfluid interaction energy (cond-mat 2014), with Ren Zhang, Wei Zhang, Hui Zhai", only=[("1409.0282", 3)])
person("Wei Hu (phosphorene)", r"Wei Hu", "defects in phosphorene (first-principles, 2014), with Jinlong Yang", only=[("1411.6986", 0)])
person("Wei Hu (algebra)", r"Wei Hu", "derived and stable equivalences of Morita type (algebra, 2014), with Changchang Xi", only=[("1412.7301", 0)])
person("P. R. Li (BESIII)", r"P\. R\. Li", "BESIII author (hep-ex 2016)")
person("L. L. Wang (BESIII)", r"L\. L\. Wang", "BESIII author (hep-ex 2016)")
person("L. Wang (KIT)", r"L\. Wang", "iron-pnictide superconductivity (cond-mat 2014, KIT), with Böhmer, Hardy, Meingast", only=[("1412.7038", 2)])

# (label a, label b, cause, what in the papers tells them apart)
CONTRASTS = [
    ("Tomohiro I", "I. Tapan", "reversed order", "'Tomohiro I' (family name I) vs BESIII author 'I. Tapan': string algorithms vs e+e- physics"),
    ("Francisco Olivares", "O. Francisco (LHCb)", "reversed order", "'O. Francisco' (LHCb, family name Francisco) vs Francisco Olivares (string algorithms, U. Chile)"),
    ("Chang Liu", "Liu Chang", "reversed order", "'Liu Chang' wrote a 2014 giant-magnetoresistance review; Chang Liu indexes weighted strings with Pissis"),
    ("R. Li", "Li Ren", "reversed order", "'Li Ren' (vertex operator algebras, 2014) vs R. Li (LCS algorithms 2023 with the Dekas)"),
    ("Ce Jin", "Jin Cao", "reversed order", "Ce Jin (MIT fine-grained algorithms) vs Jin Cao (one 2020 paper with Dewei Zhong)"),
    ("Amihood Amir", "Amir Abboud", "reversed order", "Amihood Amir (family name Amir, Bar-Ilan stringology) vs Amir Abboud (fine-grained complexity)"),
    ("Amihood Amir", "Amir Arbabi", "reversed order", "Amihood Amir (stringology) vs Amir Arbabi (metasurface optics)"),
    ("Huiyuan Wang", "Xiaodong Wang", "common name", "Wang: quasar astronomy at USTC vs LCS dynamic programming"),
    ("Michael Frank", "M. Frank (LHCb)", "namesake", "'M. Frank' on LHCb B-physics papers vs Michael Frank (sorting networks with Codish)"),
    ("C. R. Jones (LHCb)", "C. Jones (SPT)", "namesake", "LHCb B physics vs South Pole Telescope CMB lensing"),
    ("C. Jones (SPT)", "Colin N. Jones", "namesake", "CMB lensing vs control/optimisation at EPFL"),
    ("Lucas Mol", "L. A. S. Mól", "namesake", "Lucas Mol (words, Winnipeg, 2019-22) vs L.A.S. Mól (partition-function zeros, Brazil, 2015)"),
    ("Karl Bringmann", "Kathrin Bringmann", "namesake", "fine-grained complexity vs number theory"),
    ("Johannes Fischer", "Jacqueline Fischer", "namesake", "string indexing (Dortmund) vs dwarf-galaxy AGN astrophysics"),
    ("Massimiliano Rossi", "M. Rossi (helium)", "namesake", "pangenome indexing vs 1D liquid helium-4"),
    ("Massimiliano Rossi", "Michele Rossi", "namesake", "pangenome indexing vs gait recognition"),
    ("M. Rossi (helium)", "Michele Rossi", "namesake", "liquid helium vs gait recognition"),
    ("Armin Weiß", "Achim Weiss", "namesake", "sorting algorithms vs 3D stellar atmospheres"),
    ("Maximilian Bauer", "Markus J. Bauer", "namesake", "diffusion physics with Metzler vs BWT/LCP for sequencing at Illumina"),
    ("Julian Pape-Lange", "J. S. Lange (BESIII)", "namesake", "cadences in strings vs BESIII hadron physics"),
    ("Timothy M. Chan", "T-H. Hubert Chan", "namesake", "Timothy Chan (geometry) vs Hubert Chan (oblivious sorting, Hong Kong)"),
    ("M. Sohel Rahman", "Md. Khaledur Rahman", "namesake", "two Rahmans on the same 2019 byline"),
    ("M. Sohel Rahman", "Mir Lutfur Rahman", "namesake", "Sohel Rahman (BUET stringology) vs SMS compression 2023"),
    ("Sankardeep Chakraborty", "Soubhik Chakraborty", "namesake", "succinct graphs vs statistics of sorting"),
    ("Sankardeep Chakraborty", "Shantanav Chakraborty", "namesake", "succinct graphs vs quantum walks"),
    ("Sankardeep Chakraborty", "Sumanta Chakraborty", "namesake", "succinct graphs vs branes in f(R) gravity"),
    ("Siddhartha Sen (heaps)", "Siddhartha Sen (K-theory)", "namesake", "same printed name: heaps with Tarjan (2009) vs K-theory with Koushik Ray (2014)"),
    ("Lei Wang (LCS)", "Lei Wang (MoS2)", "common name", "same printed name: LCS dynamic programming with Xiaodong Wang vs MoS2 transport with Xu Cui"),
    ("Z. Y. Wang (BESIII, 324)", "Z. Y. Wang (BESIII, 325)", "common name", "two authors printed 'Z. Y. Wang' side by side on one BESIII byline"),
    ("Yu Zheng (JHU)", "Yu Zheng (float compression)", "common name", "same printed name: streaming edit distance with Xin Li vs float compression with Ruiyuan Li"),
    ("Amit Kumar (magnetism)", "Amit Kumar (Steiner forest)", "common name", "same printed name: neutron diffraction of a magnet vs Steiner forest with Anupam Gupta"),
    ("Fan Zhang (SnTe)", "Fan Zhang (fuzzing)", "common name", "same printed name: SnTe surface states vs fuzzing cyber-physical systems"),
    ("L. Zhang (LHCb)", "Ling Zhang", "common name", "LHCb author vs jamming physics (cond-mat.soft)"),
    ("Lingyi Zhang", "Ling Zhang", "common name", "heaps with Munro vs jamming physics"),
    ("Sung-Hwan Kim", "Sungmin Kim", "common name", "Wheeler automata with Prezza vs Simon's congruence with Manea"),
    ("Qin Zhang", "Lingyi Zhang", "common name", "Qin Zhang (sketching) vs Lingyi Zhang (heaps)"),
    ("Peng Zhang (binary strings)", "Peng Zhang (cold atoms)", "common name", "same printed name: binary-string computation (2011) vs Bose-Fermi superfluids (2014)"),
    ("Wei Hu (phosphorene)", "Wei Hu (algebra)", "common name", "same printed name, same week of 2014: phosphorene defects vs Morita equivalences"),
    ("Ping Li", "P. R. Li (BESIII)", "common name", "hashing/compressed counting vs BESIII hadron physics"),
    ("Lei Wang (LCS)", "L. L. Wang (BESIII)", "common name", "LCS dynamic programming vs BESIII hadron physics"),
    ("Lei Wang (LCS)", "L. Wang (KIT)", "common name", "LCS dynamic programming vs iron-pnictide superconductivity at KIT"),
    ("Huiyuan Wang", "Tinggui Wang", "common name", "two Wangs on the same quasar papers"),
    ("LHCb collaboration", "LHCb collaboration", "group byline", "a collaboration is not a person: its two bylines must not make an author record"),
]
# fmt: on
# Pairs whose cause is not what the printed forms suggest (misprints, nicknames, hyphens).
CAUSE_OVERRIDE = {
    "Maximilian Bauer": "initials or middle name",
    "Kunihiko Sadakane": "TeX or transliteration",
    "Michael A. Bender": "TeX or transliteration",
    "Mikko Berggren Ettienne": "TeX or transliteration",
    "Marcin Piątkowski": "TeX or transliteration",
}


def read_bylines():
    from django.conf import settings

    from bench.identity_real_files import read_sources

    sources = read_sources(Path(settings.ARXIV_SAMPLES_DIR))
    rows = []
    for source in sources:
        for record in source.records:
            for position, author in enumerate(record.authors):
                rows.append(
                    {
                        "id": record.arxiv_id,
                        "pos": position,
                        "name": author.name,
                        "year": record.published.year if record.published else None,
                        "category": record.primary_category,
                        "title": record.title,
                        "file": source.path,
                        "coauthors": [a.name for a in record.authors if a is not author],
                    }
                )
    return rows


def resolve(rows):
    people = {}
    for label, spec in P.items():
        pattern = re.compile(spec["pattern"])
        found = [
            r for r in rows
            if pattern.fullmatch(r["name"]) and (r["id"], r["pos"]) not in spec["exclude"]
            and (spec["only"] is None or (r["id"], r["pos"]) in spec["only"])
        ]  # fmt: skip
        if not found:
            sys.exit(f"{label}: no byline matches {spec['pattern']!r}")
        people[label] = sorted(found, key=lambda r: (r["year"] or 0, r["id"], r["pos"]))
    taken = Counter((r["id"], r["pos"]) for found in people.values() for r in found)
    twice = [slot for slot, n in taken.items() if n > 1]
    if twice:
        sys.exit(f"bylines given to two people: {twice[:5]}")
    return people


def same_cause(label, a, b):
    from core.names import family_key, is_common_name, name_parts, normalize_name

    if label in CAUSE_OVERRIDE:
        return CAUSE_OVERRIDE[label]
    (_, fam_a), (_, fam_b) = name_parts(a["name"]), name_parts(b["name"])
    if family_key(fam_a) != family_key(fam_b):
        return "reversed order"
    if (
        re.search(r"\b(De|de|Del|van|von)\b", a["name"] + " " + b["name"])
        and a["name"] != b["name"]
    ):
        return "particles"
    # 'C.H. Oh' / 'C. H. Oh': only the spacing of initials differs.
    if (
        re.sub(r"[\W_]", "", a["name"]) == re.sub(r"[\W_]", "", b["name"])
        and a["name"] != b["name"]
    ):
        return "initials or middle name"
    if normalize_name(a["name"]) == normalize_name(b["name"]):
        if a["name"] != b["name"]:
            return "TeX or transliteration"
        return "common name" if is_common_name(a["name"]) else "identical name"
    ascii_a = re.sub(r"[^a-z ]", "", normalize_name(a["name"]))
    ascii_b = re.sub(r"[^a-z ]", "", normalize_name(b["name"]))
    if family_key(fam_a) == family_key(fam_b) and fam_a != fam_b:
        return "TeX or transliteration"
    if ascii_a.replace(" ", "") == ascii_b.replace(" ", ""):
        return "TeX or transliteration"
    return "initials or middle name"


def spread(items, count):
    """``count`` items spread over the list (first, last, middle...), deterministic."""
    if len(items) <= count:
        return list(items)
    step = (len(items) - 1) / (count - 1) if count > 1 else 0
    return [items[round(i * step)] for i in range(count)]


def shared(a, b):
    return sorted(set(a["coauthors"]) & set(b["coauthors"]))[:3]


def side(r):
    return {"arxiv_id": r["id"], "position": r["pos"], "name": r["name"]}


def make_pairs(people):
    pairs = []
    for label, found in people.items():
        if P[label]["group"]:
            continue
        by_form = {}
        for r in found:
            by_form.setdefault(r["name"], []).append(r)
        forms = sorted(by_form)
        chosen = []
        for fa, fb in combinations(forms, 2):
            xs, ys = (
                spread(by_form[fa], SAME_VARIANT_PAIRS),
                spread(by_form[fb], SAME_VARIANT_PAIRS),
            )
            for i in range(min(SAME_VARIANT_PAIRS, max(len(xs), len(ys)))):
                a, b = xs[i % len(xs)], ys[-1 - i % len(ys)]
                if a["id"] != b["id"]:
                    chosen.append((a, b))
        for form in forms:
            rows = spread(by_form[form], SAME_IDENTICAL_PAIRS + 1)
            chosen += [(x, y) for x, y in zip(rows, rows[1:], strict=False) if x["id"] != y["id"]]
        for a, b in chosen:
            co = shared(a, b)
            why = f"{P[label]['note']}." + (f" Shared co-authors: {', '.join(co)}." if co else "")
            pairs.append((a, b, True, same_cause(label, a, b), why, label, label))
    for la, lb, cause, note in CONTRASTS:
        xs, ys = people[la], people[lb]
        if la == lb:
            crossed = [(x, y) for x, y in combinations(xs, 2)]
        else:
            crossed = [
                (x, y) for x in spread(xs, DIFFERENT_PAIRS) for y in spread(ys, DIFFERENT_PAIRS)
            ]
        for a, b in spread(crossed, DIFFERENT_PAIRS):
            pairs.append((a, b, False, cause, f"{note}.", la, lb))
    seen, unique = set(), []
    for pair in pairs:
        key = frozenset({(pair[0]["id"], pair[0]["pos"]), (pair[1]["id"], pair[1]["pos"])})
        if len(key) == 2 and key not in seen:
            seen.add(key)
            unique.append(pair)
    return unique


def main() -> None:
    import os

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from bench.identity_real_files import SOURCES

    rows = read_bylines()
    people = resolve(rows)
    if args.check:
        for label, found in people.items():
            forms = Counter(r["name"] for r in found)
            cats = Counter(r["category"] or "?" for r in found)
            years = sorted({r["year"] for r in found})
            print(f"{label:32} {len(found):3}  {dict(forms)}  {dict(cats)}  {years[0]}-{years[-1]}")
        return
    pairs = make_pairs(people)
    same = sum(1 for p in pairs if p[2])
    document = {
        "about": (
            "Real author-identity labels over recorded arXiv responses: pairs of bylines "
            "(arXiv id, 0-based position as printed in the parsed author list) that are or are "
            "not one person, and every byline of a set of people."
        ),
        "sources": list(SOURCES),
        "samples_dir": "ARXIV_SAMPLES_DIR (../shared/data/arxiv)",
        "first_file_wins": "a paper printed in two files is taken from the first file listed",
        "labelled_how": (
            "By reading: bench/identity_real_candidates.py groups bylines by blocking key and "
            "prints each paper's title, year, category, co-authors and affiliation; the people "
            "and the pairs of different people were written down after reading them "
            "(bench/identity_real_build.py, PEOPLE and CONTRASTS). The matcher was never run to "
            "label. Same-person pairs are drawn from each person's bylines (different printed "
            "forms first); different-person pairs cross two people the papers tell apart."
        ),
        "skipped": {
            "count": len(SKIPPED),
            "cases": SKIPPED,
        },
        "counts": {
            "pairs": len(pairs),
            "same": same,
            "different": len(pairs) - same,
            "people": len(people),
            "by cause": dict(sorted(Counter(p[3] for p in pairs).items())),
            "by cause, same / different": {
                c: [
                    sum(1 for p in pairs if p[3] == c and p[2]),
                    sum(1 for p in pairs if p[3] == c and not p[2]),
                ]
                for c in CAUSES
            },
        },
        "causes": list(CAUSES),
        "pairs": [
            {
                "a": side(a),
                "b": side(b),
                "same": same_flag,
                "cause": cause,
                "why": why,
                "people": [la, lb],
            }
            for a, b, same_flag, cause, why, la, lb in pairs
        ],  # fmt: skip
        "people": {
            label: {
                "note": P[label]["note"],
                "bylines": [[r["id"], r["pos"], r["name"]] for r in found],
            }
            for label, found in people.items()
        },
    }
    OUT.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    print(f"{OUT}: {len(pairs)} pairs ({same} same), {len(people)} people")
    print(json.dumps(document["counts"], ensure_ascii=False, indent=1))


# Candidates read and left out: the papers did not settle who is who.
SKIPPED = [
    "Chen Luo 1412.7610 (collaborative filtering, 2014) vs Chen Luo 2305.16545 (CARAMEL, 2023): could be one person who moved from Jilin to Amazon",
    "L. Zhang on the LHCb papers vs L. Zhang on the BESIII paper: two collaborations, nothing else printed",
    "L. Wang 1412.7038 (KIT superconductivity) vs Lei Wang 1412.5977 (MoS2): different groups but no way to exclude one person",
    "Xiao Li 1412.7646 (compressed sensing) vs Xin Li: not compatible names, not a question",
    "J. C. Li / Jin Li on the BESIII byline vs Jian Li 1610.08305: nothing to compare",
    "Yan Zhang 0806.4899 vs Yu Zhang (BESIII): one paper each, different fields, names not compatible",
    "C. X. Liu (BESIII) vs Chang Liu (stringology): initials only on one side, nothing shared",
    "Yong Chen 1702.01877 vs Yong P. Chen 1410.4862: an optics physicist vs an approximation-algorithms author; one paper each, no co-author overlap, but a middle initial alone does not settle it",
    "Z. Wang / Z. G. Wang / Z. H. Wang (BESIII) vs Zhen, Zhao, Zhe Wang elsewhere: initials only, nothing shared",
    "Dmitry Kosolobov vs Dmitry Khlopin, Takuya Mieno vs Takuya Matsumoto: different family names, only the reversed key meets",
    "Qi Zhang 2303.04478 vs Qin Zhang: names not compatible",
    "Yu Horie / Yu Huang vs Huacheng Yu: reversed key only, different fields, names not compatible",
]


if __name__ == "__main__":
    main()
