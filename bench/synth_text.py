"""Words for bench/synth.py: people's names, institutions, and paper text by research community.

Everything here is plain data and small functions of a ``random.Random``; nothing
touches Django or the database, so the generator stays deterministic for a seed.
"""

from __future__ import annotations

import random
import unicodedata

# --------------------------------------------------------------------------- names


def _split(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


def _weighted(text: str) -> dict[str, float]:
    """ "Wang:7.2 Li:7.1" -> {"Wang": 7.2, "Li": 7.1}: a few names far more common than the rest."""
    return {name: float(weight) for name, weight in (item.split(":") for item in text.split())}


# (given names, surnames, share of arXiv authors): weights are rough, the point is a
# realistic mix of scripts, accents and very common names (many "Wei Zhang"s).

ORIGINS: dict[str, tuple[list[str], list[str] | dict[str, float], float]] = {
    "chinese": (
        _split(
            "Wei Wei Wei Jun Jun Yan Yan Hao Yu Yu Xin Jing Lei Ying Yi Yi Hui Min Jie Tao Bo Fang "
            "Ling Qiang Yang Peng Xiaoming Yifan Zhiwei Haoran Jiaqi Yuxuan Zihan Xiaoyu Chen Rui Kai "
            "Ning Xiang Shuai Long Heng Dong Liang Feng Yue Lin Hong Jian Ming Gang Zhen Qi Yuan "
            "Xiaoyan Yiming Zhe Hang Yong"
        ),
        _weighted(
            "Wang:7.2 Li:7.1 Zhang:6.8 Liu:5.4 Chen:4.5 Yang:3.1 Huang:2.2 Zhao:2.1 Wu:2.0 "
            "Zhou:1.9 Xu:1.6 Sun:1.5 Ma:1.4 Zhu:1.3 Hu:1.1 Guo:1.1 He:1.1 Lin:1.0 Gao:1.0 "
            "Luo:0.9 Zheng:0.9 Liang:0.8 Xie:0.7 Song:0.6 Tang:0.6 Han:0.6 Feng:0.6 Deng:0.5 "
            "Cao:0.5 Peng:0.5 Zeng:0.5 Xiao:0.5 Tian:0.4 Dong:0.4 Pan:0.4 Yuan:0.4 Cai:0.4 "
            "Jiang:0.5 Yu:0.5 Du:0.3 Ye:0.3 Cheng:0.3 Wei:0.3 Su:0.3 Lu:0.4 Ding:0.3 Shen:0.3 "
            "Ren:0.3 Yao:0.3 Fu:0.3 Zhong:0.3 Jin:0.3 Cui:0.2 Tan:0.2 Qian:0.2 Xia:0.2"
        ),
        0.27,
    ),
    "indian": (
        _split(
            "Rahul Amit Arjun Vikram Priya Ananya Sanjay Rajesh Suresh Anil Deepak Kavya Aditya Rohan "
            "Neha Pooja Sneha Abhishek Sourav Arnab Siddharth Karthik Varun Nikhil Shreya Arvind "
            "Debasis Partha"
        ),
        _split(
            "Kumar Sharma Singh Gupta Patel Reddy Rao Iyer Nair Menon Agarwal Banerjee Chatterjee "
            "Mukherjee Das Bose Ghosh Sen Joshi Mehta Shah Jain Verma Mishra Pandey Srivastava "
            "Krishnan Subramanian Venkatesh Bhattacharya Chakraborty Dutta Saha Roy Pillai Kulkarni "
            "Desai Naidu"
        ),
        0.08,
    ),
    "anglo": (
        _split(
            "John James Michael David Robert William Richard Thomas Christopher Daniel Matthew Andrew "
            "Mark Paul Steven Jennifer Sarah Emily Jessica Laura Rachel Emma Hannah Olivia Benjamin "
            "Samuel Jonathan Nicholas Alexander Katherine Elizabeth Anna Rebecca Peter Joseph"
        ),
        _split(
            "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
            "Jackson White Harris Martin Thompson Young Allen King Wright Scott Green Baker Adams "
            "Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins "
            "Edwards Stewart Morris Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Howard Ward "
            "Cox Richardson Wood Watson Brooks Bennett Gray James Hughes Price Sanders Myers Long "
            "Ross Foster"
        ),
        0.14,
    ),
    "german": (
        _split(
            "Jürgen Jörg Björn Günter Stefan Matthias Katharina Lena Tobias Florian Sebastian Jan "
            "Lukas Felix Julia Christian Andreas Martin Uwe Dörte Käthe Sören"
        ),
        _split(
            "Müller Schäfer Groß Weiß Köhler Schröder Krüger Hoffmann Schmidt Fischer Weber Meyer "
            "Wagner Becker Schulz Koch Bauer Richter Klein Wolf Neumann Schwarz Zimmermann Braun "
            "Hofmann Hartmann Lange Schmitt Werner Krause Meier Lehmann Schmid Maier Herrmann König "
            "Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Jung Hahn Vogel Keller "
            "Günther Berger Winkler Roth Beck Lorenz Baumann Böhm Krämer Jäger Kühn Voigt Pfeiffer "
            "Mößbauer Grünewald"
        ),
        0.07,
    ),
    "french": (
        _split(
            "Jean-Pierre Jean-François Hélène Émilie Frédéric Gaël Aurélien Cécile Stéphane Jérôme "
            "Benoît Clément Théo Zoé Mathieu Pierre Julien Camille Amélie François Loïc Anaïs"
        ),
        _split(
            "Lefèvre Bézier Dupré Gérard Hervé Lemaître Béranger Côté Fontaine Rousseau Moreau "
            "Laurent Girard Bonnet Dubois Durand Leroy Mercier Faure Chevalier Blanc Guérin Boyer "
            "Lévy Ménard Thébault Lécuyer Bréhier"
        ),
        0.05,
    ),
    "italian": (
        _split(
            "Giuseppe Giovanni Francesca Niccolò Andrea Marco Alessandro Matteo Chiara Giulia "
            "Lorenzo Federico Elisa Davide Simone Stefano Paolo Roberto Luca Tommaso"
        ),
        _split(
            "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo "
            "Conti De Luca Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro "
            "Mariani Rinaldi Caruso Galli Martini Leone Longo Gentile Vitale Serra Coppola "
            "D'Angelo Parisi Villa Conte Ferri Fabbri Marini Grasso Sanna Farina Monti Cattaneo "
            "Amato Testa Pellegrino Carbone Benedetti Barone Caputo Guerra Bernardi Fiore"
        ),
        0.05,
    ),
    "spanish": (
        _split(
            "José María Jesús Ángel Sofía Iñaki Begoña Raúl Andrés Lucía Álvaro Íñigo Alejandro "
            "Javier Carmen Sergio Pablo Nerea Joaquín"
        ),
        _split(
            "García Martínez López González Rodríguez Fernández Sánchez Pérez Gómez Martín Jiménez "
            "Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Núñez Peña Ibáñez Castaño Gutiérrez "
            "Vázquez Domínguez"
        ),
        0.05,
    ),
    "japanese": (
        _split(
            "Hiroshi Takashi Kenji Yuki Daisuke Haruki Satoshi Akira Naoki Kazuki Yusuke Shota Ryo "
            "Takuya Yoko Keiko Ayumi Masahiro Shun Kōji Shūichi"
        ),
        _split(
            "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida "
            "Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Yamazaki Mori Abe Ikeda "
            "Hashimoto Ishikawa Ogawa Okada Hasegawa Fujita Gotō Saitō"
        ),
        0.04,
    ),
    "korean": (
        _split(
            "Min-jun Seo-yeon Ji-hoon Hyun-woo Jae-hyun Sung-min Dong-hyun Young-jin Eun-ji Soo-jin "
            "Jin Hyeon Junho Minsoo"
        ),
        _weighted(
            "Kim:9 Lee:7 Park:4 Choi:2.5 Jung:2 Kang:1.5 Cho:1.5 Yoon:1.2 Jang:1.2 Lim:1 "
            "Han:1 Oh:0.8 Seo:0.8 Shin:0.8 Kwon:0.7 Hwang:0.7 Ahn:0.6 Song:0.6"
        ),
        0.03,
    ),
    "russian": (
        _split(
            "Alexander Sergey Dmitry Andrey Alexey Ivan Mikhail Nikolai Vladimir Olga Elena Anna "
            "Natalia Tatiana Pavel Yuri Igor Maxim Artem Ekaterina"
        ),
        _split(
            "Ivanov Smirnov Kuznetsov Popov Vasiliev Petrov Sokolov Mikhailov Novikov Fedorov "
            "Morozov Volkov Alekseev Lebedev Semenov Egorov Pavlov Kozlov Stepanov Nikolaev Orlov "
            "Andreev Makarov Zaitsev Solovyov Borisov Yakovlev Grigoriev Romanov"
        ),
        0.04,
    ),
    "turkish": (
        _split(
            "Ayşe Mehmet Mustafa Emre Gökhan Çağrı Şule Özgür İbrahim Burak Elif Zeynep Barış Uğur "
            "Tuğba"
        ),
        _split(
            "Çelik Yılmaz Öztürk Şahin Kaya Demir Yıldız Aydın Özdemir Arslan Doğan Kılıç Aslan "
            "Çetin Kara Koç Kurt Özkan Şimşek"
        ),
        0.015,
    ),
    "irish": (
        _split("Seán Siobhán Aoife Niamh Ciarán Pádraig Eoin Orla Cormac Róisín Conor Aisling"),
        _split(
            "Ó Briain|Ó Súilleabháin|Mac Giolla|Ní Dhomhnaill|O'Brien|O'Connor|Murphy|Kelly|Byrne|"
            "Ryan|Walsh|McCarthy|Ó Raghallaigh|Nic Giolla",
            "|",
        ),
        0.01,
    ),
    "polish_czech_hungarian": (
        _split(
            "Łukasz Paweł Michał Wojciech Krzysztof Agnieszka Małgorzata Katarzyna Jakub Tomasz Jiří "
            "Tomáš Zdeněk László Zoltán Gábor Péter Ágnes Réka"
        ),
        _split(
            "Wójcik Kowalski Nowak Wiśniewski Dąbrowski Lewandowski Zieliński Szymański Woźniak "
            "Kozłowski Jankowski Mazur Krawczyk Pawłowski Dvořák Novák Černý Procházka Kučera "
            "Horváth Kovács Szabó Tóth Nagy Fülöp Erdős"
        ),
        0.03,
    ),
    "nordic_dutch": (
        _split(
            "Søren Jørgen Bjørn Åsa Øyvind Lars Erik Ingrid Sigríður Jón Pieter Sander Maarten "
            "Joost Bram Sanne Femke Daan Wouter"
        ),
        _split(
            "Mikkelsen|Ødegaard|Sørensen|Hansen|Johansson|Lindqvist|Nyström|Åström|Björk|Eriksson|"
            "Nilsson|Karlsson|Andersson|Jónsdóttir|Guðmundsson|de Vries|van den Berg|van Dijk|"
            "Bakker|Janssen|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Dijkstra",
            "|",
        ),
        0.035,
    ),
    "persian_arabic": (
        _split(
            "Ali Mohammad Reza Hossein Mehdi Sara Maryam Fatemeh Amir Hamid Zahra Saeed Navid "
            "Parisa Ahmed Omar Youssef Khaled Fatima Layla Karim Tarek Nour Samir"
        ),
        _split(
            "Hosseini Mohammadi Ahmadi Rezaei Moradi Karimi Hashemi Ghasemi Jafari Rahimi Mousavi "
            "Sadeghi Kazemi Tehrani Haddad Khalil Hassan Mansour Nasser Saleh Aziz El-Sayed "
            "Mahmoud Abdallah"
        ),
        0.035,
    ),
    "vietnamese": (
        _split("Minh Anh Thành Hùng Dũng Quang Tuấn Hương Linh Thảo Đức Huy Khoa"),
        _split("Nguyễn Nguyễn Nguyễn Trần Trần Lê Phạm Hoàng Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương"),
        0.01,
    ),
    "portuguese_greek_hebrew": (
        _split(
            "João José Luís António Gonçalo Inês Sebastião Thiago Lucas Beatriz Mariana Georgios "
            "Dimitrios Konstantinos Eleni Ioannis Christos Yosef Noam Itai Tamar Yael Eitan"
        ),
        _split(
            "Silva Santos Oliveira Souza Pereira Ferreira Almeida Carvalho Gonçalves Araújo Ribeiro "
            "Conceição Magalhães Simões Papadopoulos Georgiou Nikolaou Dimitriou Konstantinou "
            "Ioannou Christodoulou Cohen Levi Mizrahi Friedman Katz Ben-David Shapiro"
        ),
        0.04,
    ),
}
_ORIGIN_NAMES = list(ORIGINS)
_ORIGIN_CUM = []
_total = 0.0
for _name in _ORIGIN_NAMES:
    _total += ORIGINS[_name][2]
    _ORIGIN_CUM.append(_total)
_SURNAMES = {}
for _name, (_given, _surnames, _) in ORIGINS.items():
    if isinstance(_surnames, dict):
        names, weights = list(_surnames), list(_surnames.values())
    else:
        names, weights = _surnames, [1.0] * len(_surnames)
    cum, run = [], 0.0
    for w in weights:
        run += w
        cum.append(run)
    _SURNAMES[_name] = (names, cum)

MIDDLE_INITIALS = "ABCDEFGHJKLMNPRST"


# Two-syllable given names: most Chinese and Korean given names are made this way, which
# keeps full names varied while their initials ("Y. Wang") stay very common.
SYLLABLES = {
    "chinese": _split(
        "an bo chen cheng chun dan di fei feng gang hai hao hong hua hui jia jian jie jing "
        "jun kai lan lei li liang lin ling mei min ming nan ning peng qi qian qing rui shan "
        "sheng shu si tao ting wei wen xi xia xiang xiao xin xu ya yan yang yi ying yong yu "
        "yuan yue yun ze zhe zhen zhi zhong zi"
    ),
    "korean": _split(
        "min ji seo hyun jae sung dong young eun soo jin hye ho joon woo yeon kyung sang "
        "tae hee chan won seung ha na"
    ),
}
DOUBLE_SURNAMES = {"spanish": 0.5, "portuguese_greek_hebrew": 0.2}
# Surnames and given names composed from parts (prefix x suffix), so that the common names
# above collide as they do on arXiv while most people's names are their own.
COMPOSED_SURNAMES = {
    "anglo": (
        "Ash Black Brad Bright Brook Cald Chad Clif Craw Dal Daven Ed Elling Fair Fern Gold Hal "
        "Hart Hay Hol Ken Kings Lang Lind Mar Mid New North Ox Pem Red Ring Roch Rut Salt Shel "
        "South Stan Stock Sut Thorn Wal War West Whit Wind Wood Wyn",
        "ford ley ton field worth wood by ham well more bury brook den hurst ridge wick",
    ),
    "german": (
        "Alt Bach Berg Blum Brand Eich Eisen Feld Frei Glas Gold Grün Hoch Hof Holz Kirch Klein "
        "Lehm Linden Löwen Mühl Neu Ober Rosen Schön Schwarz Stein Sonnen Wald Weiß Wein Wolf",
        "bach berg mann feld hof stein hauser meier müller kamp brück thal dorf ner er",
    ),
    "french": (
        "Beau Bel Bon Chate Cler Dela Desro Du Fon Gar Hau Lac Lam Lan Lar Mar Mont Pel Roch "
        "Ros Sau Ver Vil",
        "mont court ville lier ard eau ier et ot ès ière ais",
    ),
    "italian": (
        "Bel Bon Cal Cam Car Castel Dal Fio Gal Lan Mar Mon Pa Ros San Tor Val Ven Vi",
        "lini etti ucci ardi elli ani ini one ato esi oni izzi",
    ),
    "russian": (
        "Bel Vor Gol Kras Kuz Lav Mal Nov Or Pet Rad Sem Sok Tar Yer Zhu Bog Dan Kir Fil",
        "ov ev in enko sky ovich ikov yanov ushkin",
    ),
    "japanese": (
        "Aka Ao Fuji Hara Hashi Hiro Ishi Iwa Kawa Kita Kuro Matsu Mizu Miya Naka Nishi Oka Saka "
        "Shima Taka Tani Uchi Yama Yoshi",
        "da gawa moto mura no saki shima ta yama zawa hara uchi",
    ),
    "indian": (
        "Bala Chandra Dev Gopal Hari Jaya Krishna Lakshmi Mohan Narayan Param Raghu Ram Shiv "
        "Sundar Venkat Vijay",
        "swamy raman murthy kumar nathan rajan achar appa esan",
    ),
    "nordic_dutch": (
        "Berg Dahl Lund Lind Holm Sand Strand Sjö Ny Ek Al Gran Hag Ves",
        "ström berg qvist gren lund dal bäck vik sen",
    ),
    "persian_arabic": (
        "Ab Al Ba Fa Ha Ja Ka Ma Na Ra Sa Ta Za",
        "vandi hmadi rzadeh shemi lili ghani bari zadeh nouri dehghan",
    ),
    "polish_czech_hungarian": (
        "Kowal Nowa Wiśn Dąbr Lew Zieli Szyma Woźn Kozł Jank Maz Kraw Piotr Grab Pawł Michal "
        "Kamin Zaj Wrób",
        "ski ska czyk ewicz owski iński ak",
    ),
}
COMPOSED_GIVEN = {
    "japanese": (
        "Hiro Ken Taka Yoshi Masa Nao Kazu Yu Shin Toshi Haru Aki",
        "shi ki to ya ko mi ji suke ta ro",
    ),
    "indian": (
        "Ra Su Pra Vi A Ka Ma Shi Ni Di Ha Sa",
        "jesh resh kash nay nil ran kesh mesh deep vind shant ndra",
    ),
}


def _composed(rng: random.Random, parts: tuple[str, str]) -> str:
    return rng.choice(parts[0].split()) + rng.choice(parts[1].split())


def person_name(rng: random.Random, initials_share: float) -> tuple[str, str, str, bool]:
    """(given, middle initial or "", surname, prints the given name as an initial)."""
    origin = rng.choices(_ORIGIN_NAMES, cum_weights=_ORIGIN_CUM)[0]
    given_names = ORIGINS[origin][0]
    surnames, cum = _SURNAMES[origin]
    syllables = SYLLABLES.get(origin)
    if syllables and rng.random() < 0.7:
        first, second = rng.choice(syllables), rng.choice(syllables)
        given = first.capitalize() + ("-" + second if origin == "korean" else second)
    elif origin in COMPOSED_GIVEN and rng.random() < 0.5:
        given = _composed(rng, COMPOSED_GIVEN[origin])
    else:
        given = rng.choice(given_names)
    if origin in COMPOSED_SURNAMES and rng.random() < 0.6:
        surname = _composed(rng, COMPOSED_SURNAMES[origin])
    else:
        surname = rng.choices(surnames, cum_weights=cum)[0]
    if rng.random() < DOUBLE_SURNAMES.get(origin, 0.0):
        other = rng.choices(surnames, cum_weights=cum)[0]
        surname = f"{surname} {other}" if other != surname else surname
    middle = rng.choice(MIDDLE_INITIALS) if not syllables and rng.random() < 0.3 else ""
    return given, middle, surname, rng.random() < initials_share


def initial(given: str) -> str:
    """ "Jean-Pierre" -> "J.-P.", "Ágnes" -> "Á."."""
    return "-".join(part[:1] + "." for part in given.split("-") if part)


def printed_name(given: str, middle: str, surname: str, as_initials: bool) -> str:
    first = initial(given) if as_initials else given
    return " ".join(p for p in (first, f"{middle}." if middle else "", surname) if p)


_ASCII = str.maketrans(
    {"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"}
)


def ascii_name(name: str) -> str:
    """The name as an ASCII-only source would print it: "Çelik" -> "Celik"."""
    folded = unicodedata.normalize("NFKD", name.translate(_ASCII))
    return "".join(c for c in folded if not unicodedata.combining(c))


# --------------------------------------------------------------------------- institutions

FAMOUS_INSTITUTIONS = [
    ("Massachusetts Institute of Technology", "United States"),
    ("Stanford University", "United States"),
    ("Harvard University", "United States"),
    ("California Institute of Technology", "United States"),
    ("Princeton University", "United States"),
    ("University of California, Berkeley", "United States"),
    ("Carnegie Mellon University", "United States"),
    ("Tsinghua University", "China"),
    ("Peking University", "China"),
    ("Shanghai Jiao Tong University", "China"),
    ("Zhejiang University", "China"),
    ("Fudan University", "China"),
    ("University of Science and Technology of China", "China"),
    ("Nanjing University", "China"),
    ("Chinese Academy of Sciences", "China"),
    ("ETH Zürich", "Switzerland"),
    ("École Polytechnique Fédérale de Lausanne", "Switzerland"),
    ("Université de Genève", "Switzerland"),
    ("Technische Universität München", "Germany"),
    ("Ludwig-Maximilians-Universität München", "Germany"),
    ("Ruprecht-Karls-Universität Heidelberg", "Germany"),
    ("Humboldt-Universität zu Berlin", "Germany"),
    ("Max-Planck-Institut für Astrophysik", "Germany"),
    ("Max Planck Institute for Physics", "Germany"),
    ("Max Planck Institute for Intelligent Systems", "Germany"),
    ("Deutsches Elektronen-Synchrotron DESY", "Germany"),
    ("Université Paris-Saclay", "France"),
    ("Sorbonne Université", "France"),
    ("École Normale Supérieure", "France"),
    ("Institut des Hautes Études Scientifiques", "France"),
    ("CNRS", "France"),
    ("Inria", "France"),
    ("University of Cambridge", "United Kingdom"),
    ("University of Oxford", "United Kingdom"),
    ("Imperial College London", "United Kingdom"),
    ("University College London", "United Kingdom"),
    ("University of Edinburgh", "United Kingdom"),
    ("Trinity College Dublin", "Ireland"),
    ("University College Dublin", "Ireland"),
    ("Ollscoil na Gaillimhe – University of Galway", "Ireland"),
    ("Universität Wien", "Austria"),
    ("Universidad Nacional Autónoma de México", "Mexico"),
    ("Universidade de São Paulo", "Brazil"),
    ("Universidad de Buenos Aires", "Argentina"),
    ("Pontificia Universidad Católica de Chile", "Chile"),
    ("Boğaziçi Üniversitesi", "Türkiye"),
    ("Orta Doğu Teknik Üniversitesi", "Türkiye"),
    ("Indian Institute of Science", "India"),
    ("Indian Institute of Technology Bombay", "India"),
    ("Tata Institute of Fundamental Research", "India"),
    ("Seoul National University", "South Korea"),
    ("KAIST", "South Korea"),
    ("The University of Tokyo", "Japan"),
    ("Kyoto University", "Japan"),
    ("RIKEN", "Japan"),
    ("KEK", "Japan"),
    ("Weizmann Institute of Science", "Israel"),
    ("Technion – Israel Institute of Technology", "Israel"),
    ("CERN", "Switzerland"),
    ("Fermi National Accelerator Laboratory", "United States"),
    ("SLAC National Accelerator Laboratory", "United States"),
    ("Lawrence Berkeley National Laboratory", "United States"),
    ("Google DeepMind", "United Kingdom"),
    ("Microsoft Research", "United States"),
    ("Meta AI", "United States"),
    ("NVIDIA", "United States"),
    ("IBM Research", "United States"),
    ("Uniwersytet Warszawski", "Poland"),
    ("Uniwersytet Jagielloński", "Poland"),
    ("Univerzita Karlova", "Czechia"),
    ("Eötvös Loránd Tudományegyetem", "Hungary"),
    ("Aristotle University of Thessaloniki", "Greece"),
    ("Sharif University of Technology", "Iran"),
    ("University of Tehran", "Iran"),
    ("Vietnam National University, Hà Nội", "Vietnam"),
    ("Universitat de Barcelona", "Spain"),
    ("Universidad Complutense de Madrid", "Spain"),
    ("Sapienza Università di Roma", "Italy"),
    ("Scuola Normale Superiore", "Italy"),
    ("SISSA", "Italy"),
    ("KTH Royal Institute of Technology", "Sweden"),
    ("Københavns Universitet", "Denmark"),
    ("Norges teknisk-naturvitenskapelige universitet", "Norway"),
    ("Aalto University", "Finland"),
    ("Háskóli Íslands", "Iceland"),
    ("Université de Montréal", "Canada"),
    ("McGill University", "Canada"),
    ("University of Toronto", "Canada"),
    ("Perimeter Institute for Theoretical Physics", "Canada"),
    ("University of Melbourne", "Australia"),
    ("Australian National University", "Australia"),
    ("National University of Singapore", "Singapore"),
    ("King Abdullah University of Science and Technology", "Saudi Arabia"),
    ("University of Cape Town", "South Africa"),
]
CITIES = [
    ("Amsterdam", "Netherlands", "University of {}"),
    ("Leiden", "Netherlands", "Universiteit {}"),
    ("Utrecht", "Netherlands", "Universiteit {}"),
    ("Bonn", "Germany", "Universität {}"),
    ("Göttingen", "Germany", "Georg-August-Universität {}"),
    ("Köln", "Germany", "Universität zu {}"),
    ("Münster", "Germany", "Universität {}"),
    ("Würzburg", "Germany", "Julius-Maximilians-Universität {}"),
    ("Tübingen", "Germany", "Eberhard Karls Universität {}"),
    ("Hamburg", "Germany", "Universität {}"),
    ("Dresden", "Germany", "Technische Universität {}"),
    ("Darmstadt", "Germany", "Technische Universität {}"),
    ("Grenoble", "France", "Université {} Alpes"),
    ("Lyon", "France", "Université de {}"),
    ("Strasbourg", "France", "Université de {}"),
    ("Toulouse", "France", "Université de {}"),
    ("Marseille", "France", "Aix-{} Université"),
    ("Bordeaux", "France", "Université de {}"),
    ("Padova", "Italy", "Università degli Studi di {}"),
    ("Bologna", "Italy", "Università di {}"),
    ("Torino", "Italy", "Politecnico di {}"),
    ("Milano", "Italy", "Politecnico di {}"),
    ("Napoli", "Italy", "Università di {} Federico II"),
    ("Pisa", "Italy", "Università di {}"),
    ("Valencia", "Spain", "Universitat de {}"),
    ("Sevilla", "Spain", "Universidad de {}"),
    ("Granada", "Spain", "Universidad de {}"),
    ("Zaragoza", "Spain", "Universidad de {}"),
    ("Coimbra", "Portugal", "Universidade de {}"),
    ("Lisboa", "Portugal", "Universidade de {}"),
    ("Porto", "Portugal", "Universidade do {}"),
    ("Kraków", "Poland", "AGH University of Science and Technology, {}"),
    ("Wrocław", "Poland", "Uniwersytet Wrocławski"),
    ("Poznań", "Poland", "Uniwersytet im. Adama Mickiewicza w {}"),
    ("Brno", "Czechia", "Masarykova univerzita, {}"),
    ("Szeged", "Hungary", "University of {}"),
    ("Ljubljana", "Slovenia", "Univerza v {}"),
    ("Zagreb", "Croatia", "Sveučilište u {}"),
    ("İstanbul", "Türkiye", "{} Teknik Üniversitesi"),
    ("Ankara", "Türkiye", "{} Üniversitesi"),
    ("İzmir", "Türkiye", "{} Yüksek Teknoloji Enstitüsü"),
    ("Uppsala", "Sweden", "{} universitet"),
    ("Lund", "Sweden", "{} University"),
    ("Göteborg", "Sweden", "Chalmers tekniska högskola, {}"),
    ("Aarhus", "Denmark", "{} Universitet"),
    ("Bergen", "Norway", "Universitetet i {}"),
    ("Oslo", "Norway", "Universitetet i {}"),
    ("Helsinki", "Finland", "University of {}"),
    ("Tartu", "Estonia", "University of {}"),
    ("Cork", "Ireland", "University College {}"),
    ("Glasgow", "United Kingdom", "University of {}"),
    ("Manchester", "United Kingdom", "University of {}"),
    ("Bristol", "United Kingdom", "University of {}"),
    ("Durham", "United Kingdom", "{} University"),
    ("Warwick", "United Kingdom", "University of {}"),
    ("Chicago", "United States", "University of {}"),
    ("Michigan", "United States", "University of {}"),
    ("Washington", "United States", "University of {}"),
    ("Texas at Austin", "United States", "University of {}"),
    ("Illinois Urbana-Champaign", "United States", "University of {}"),
    ("Wisconsin–Madison", "United States", "University of {}"),
    ("Maryland", "United States", "University of {}"),
    ("Pennsylvania", "United States", "University of {}"),
    ("Arizona", "United States", "University of {}"),
    ("Colorado Boulder", "United States", "University of {}"),
    ("Georgia", "United States", "{} Institute of Technology"),
    ("Rutgers", "United States", "{} University"),
    ("Cornell", "United States", "{} University"),
    ("Columbia", "United States", "{} University"),
    ("Yale", "United States", "{} University"),
    ("Johns Hopkins", "United States", "{} University"),
    ("Northwestern", "United States", "{} University"),
    ("Duke", "United States", "{} University"),
    ("Purdue", "United States", "{} University"),
    ("Vanderbilt", "United States", "{} University"),
    ("British Columbia", "Canada", "University of {}"),
    ("Waterloo", "Canada", "University of {}"),
    ("Alberta", "Canada", "University of {}"),
    ("Québec à Montréal", "Canada", "Université du {}"),
    ("Sydney", "Australia", "University of {}"),
    ("Queensland", "Australia", "University of {}"),
    ("Auckland", "New Zealand", "University of {}"),
    ("Osaka", "Japan", "{} University"),
    ("Tohoku", "Japan", "{} University"),
    ("Nagoya", "Japan", "{} University"),
    ("Hokkaido", "Japan", "{} University"),
    ("Kyushu", "Japan", "{} University"),
    ("Pohang", "South Korea", "{} University of Science and Technology"),
    ("Yonsei", "South Korea", "{} University"),
    ("Wuhan", "China", "{} University"),
    ("Sun Yat-sen", "China", "{} University"),
    ("Sichuan", "China", "{} University"),
    ("Xiamen", "China", "{} University"),
    ("Harbin", "China", "{} Institute of Technology"),
    ("Beihang", "China", "{} University"),
    ("Tianjin", "China", "{} University"),
    ("Shandong", "China", "{} University"),
    ("Jilin", "China", "{} University"),
    ("Hong Kong", "China", "The University of {}"),
    ("Taiwan", "Taiwan", "National {} University"),
    ("Delhi", "India", "Indian Institute of Technology {}"),
    ("Kanpur", "India", "Indian Institute of Technology {}"),
    ("Madras", "India", "Indian Institute of Technology {}"),
    ("Kharagpur", "India", "Indian Institute of Technology {}"),
    ("Kolkata", "India", "Indian Statistical Institute, {}"),
    ("Pune", "India", "Inter-University Centre for Astronomy and Astrophysics, {}"),
    ("Bangalore", "India", "Raman Research Institute, {}"),
    ("Campinas", "Brazil", "Universidade Estadual de {}"),
    ("Rio de Janeiro", "Brazil", "Universidade Federal do {}"),
    ("Bogotá", "Colombia", "Universidad de los Andes, {}"),
    ("Santiago", "Chile", "Universidad de Chile, {}"),
    ("Cairo", "Egypt", "{} University"),
    ("Isfahan", "Iran", "{} University of Technology"),
    ("Hà Nội", "Vietnam", "{} University of Science and Technology"),
    ("Thessaloniki", "Greece", "Aristotle University of {}"),
    ("Athens", "Greece", "National and Kapodistrian University of {}"),
    ("Tel Aviv", "Israel", "{} University"),
    ("Jerusalem", "Israel", "The Hebrew University of {}"),
]
DEPARTMENTS = [
    "Department of Physics", "Department of Mathematics", "Department of Computer Science",
    "Department of Astronomy", "Institute for Theoretical Physics", "School of Informatics",
    "Department of Statistics", "Department of Electrical Engineering", "Laboratoire de Physique",
    "Institut für Theoretische Physik", "Dipartimento di Fisica", "Departamento de Matemáticas",
]  # fmt: skip


def institutions() -> list[tuple[str, str]]:
    """Every institution name with its country; the famous ones first (they host more labs)."""
    rows = list(FAMOUS_INSTITUTIONS)
    for city, country, pattern in CITIES:
        rows.append((pattern.format(city), country))
    # Departments of the famous ones print as separate affiliations ("Department of
    # Physics, University of Oxford"): each folds to its own Institution row, as in the app.
    for i, (name, country) in enumerate(FAMOUS_INSTITUTIONS[:60]):
        for dept in DEPARTMENTS[i % 4 :: 4]:
            rows.append((f"{dept}, {name}", country))
    return rows


# --------------------------------------------------------------------------- paper text

COMMON = {
    "verb": _split(
        "propose introduce present develop study analyze investigate establish derive "
        "characterize revisit construct"
    ),
    "adj": _split(
        "efficient scalable robust unified general adaptive novel simple principled "
        "data-driven hierarchical sparse nonlinear stochastic exact approximate"
    ),
    "claim": [
        "the proposed approach is both simpler and more accurate than previous work",
        "this bound is optimal up to logarithmic factors",
        "the effect persists well beyond the perturbative regime",
        "the two descriptions agree in the appropriate limit",
        "the resulting estimator is consistent and asymptotically normal",
        "the method remains stable under strong noise",
    ],
}

COMMUNITY_TEXT: dict[str, dict[str, list[str]]] = {
    "ml": {
        "topic": [
            "large language models",
            "vision transformers",
            "graph neural networks",
            "diffusion models",
            "reinforcement learning agents",
            "contrastive representation learning",
            "federated learning",
            "out-of-distribution detection",
            "neural architecture search",
            "in-context learning",
            "knowledge distillation",
            "multimodal retrieval",
            "speech recognition",
            "semantic segmentation",
            "object detection",
            "3D scene reconstruction",
            "time-series forecasting",
            "sparse mixture-of-experts models",
            "preference optimization",
            "chain-of-thought reasoning",
            "continual learning",
            "neural radiance fields",
            "retrieval-augmented generation",
            "model editing",
            "machine translation",
            "text-to-image generation",
            "offline reinforcement learning",
            "adversarial robustness",
            "tabular deep learning",
            "code generation",
        ],
        "method": [
            "a transformer-based encoder",
            "a variational autoencoder",
            "a contrastive objective",
            "low-rank adaptation",
            "self-supervised pretraining",
            "a mixture-of-experts router",
            "a diffusion prior",
            "policy gradient methods",
            "a graph attention mechanism",
            "parameter-efficient fine-tuning",
            "a learned reward model",
            "token pruning",
            "quantization-aware training",
            "a memory-augmented decoder",
            "curriculum learning",
        ],
        "prop": _split(
            "robustness|sample efficiency|calibration|generalization|interpretability|fairness|scalability|latency|memory footprint|faithfulness",
            "|",
        ),
        "setting": [
            "ImageNet",
            "COCO",
            "GLUE and SuperGLUE",
            "MMLU",
            "LibriSpeech",
            "CIFAR-10 and CIFAR-100",
            "the Atari benchmark",
            "MuJoCo control tasks",
            "long-context benchmarks",
            "HumanEval",
            "five public datasets",
            "real-world clinical data",
            "the WMT translation tasks",
        ],
        "result": [
            "improves accuracy by 3.2% over strong baselines",
            "reduces inference cost by $3.98\\times$ without loss of quality",
            "matches the state of the art with 40% fewer parameters",
            "achieves a new state of the art",
            "converges at rate $\\mathcal{O}(1/\\sqrt{T})$",
            "attains regret $\\tilde{O}(\\sqrt{dT})$",
            "cuts training time from days to hours",
        ],
        "latex": [
            "$O(n\\log n)$",
            "$\\ell_2$",
            "$\\epsilon$-greedy",
            "$k$-NN",
            "$\\mathcal{O}(1/\\sqrt{T})$",
            "$\\tilde{O}(\\sqrt{dT})$",
            "$\\beta$-VAE",
            "$L_\\infty$",
            "$\\gamma = 0.99$",
        ],
        "area": ["machine learning", "natural language processing", "computer vision", "robotics"],
        "acronym": _split("FLAME ORCA LUMEN ATLAS-Net PRISM SPARK DeltaNet HALO TIDE KITE MOSAIC"),
    },
    "cs": {
        "topic": [
            "distributed consensus protocols",
            "smart contract vulnerabilities",
            "program synthesis",
            "static analysis",
            "wireless sensor networks",
            "approximation algorithms",
            "graph coloring",
            "SAT solvers",
            "formal verification",
            "blockchain sharding",
            "edge computing",
            "robot motion planning",
            "software supply chains",
            "differential privacy",
            "network coding",
            "streaming algorithms",
            "query optimization",
            "human-robot interaction",
            "type systems",
            "cache coherence protocols",
            "online matching",
            "fault-tolerant storage",
            "mechanism design",
            "secure multiparty computation",
            "model checking",
        ],
        "method": [
            "a linear-programming relaxation",
            "a randomized rounding scheme",
            "symbolic execution",
            "a lock-free data structure",
            "abstract interpretation",
            "a primal-dual algorithm",
            "a zero-knowledge proof",
            "a sampling-based planner",
            "an SMT encoding",
            "a Byzantine fault-tolerant protocol",
            "a greedy approximation",
        ],
        "prop": _split(
            "throughput|latency|soundness|completeness|energy efficiency|security|competitive ratio|approximation ratio|tail latency",
            "|",
        ),
        "setting": [
            "a 64-node cluster",
            "the SPEC benchmarks",
            "real-world traces",
            "Ethereum mainnet",
            "open-source repositories",
            "randomly generated instances",
            "the DIMACS instances",
        ],
        "result": [
            "runs in $O(n\\log n)$ time",
            "achieves a $(1-1/e)$-approximation",
            "improves throughput by a factor of 2.4",
            "finds 37 previously unknown bugs",
            "is competitive with hand-tuned systems",
            "uses $O(\\log^2 n)$ bits of memory",
        ],
        "latex": [
            "$O(n\\log n)$",
            "$(1-1/e)$",
            "$\\Omega(\\sqrt{n})$",
            "$O(\\log^2 n)$",
            "$k$-median",
            "$\\mathsf{NP}$-hard",
            "$2^{O(k)}$",
            "$\\Theta(n^2)$",
        ],
        "area": [
            "theoretical computer science",
            "distributed systems",
            "security",
            "software engineering",
        ],
        "acronym": _split("RAFTLITE QUILL SAGE VERITAS ZEPHYR BOLT CIRRUS"),
    },
    "math": {
        "topic": [
            "the Riemann zeta function",
            "elliptic curves over number fields",
            "Hilbert schemes of points",
            "the Navier–Stokes equations",
            "random matrices",
            "Sobolev spaces",
            "Calabi–Yau manifolds",
            "mapping class groups",
            "Banach spaces",
            "modular forms",
            "the Ising model",
            "mean curvature flow",
            "Schubert calculus",
            "hyperbolic 3-manifolds",
            "free probability",
            "Hamiltonian systems",
            "quiver representations",
            "the Monge–Ampère equation",
            "Kähler–Einstein metrics",
            "Galois representations",
            "expander graphs",
            "stochastic differential equations",
            "toric varieties",
            "operator algebras",
        ],
        "method": [
            "a compactness argument",
            "the method of moving planes",
            "a Fourier-analytic approach",
            "the circle method",
            "a spectral sequence",
            "Morse theory",
            "a probabilistic coupling",
            "the Bethe ansatz",
            "a variational principle",
            "the polynomial method",
        ],
        "prop": _split(
            "existence|uniqueness|regularity|rigidity|stability|finiteness|equidistribution|ergodicity",
            "|",
        ),
        "setting": [
            "dimension $n \\geq 3$",
            "positive characteristic",
            "the critical case",
            "bounded domains",
            "all sufficiently large primes",
            "the non-compact setting",
        ],
        "result": [
            "yields a sharp bound of order $O(\\log n)$",
            "settles a conjecture of Erdős",
            "gives a new proof of a classical theorem of Weyl",
            "extends to all $L^p$ spaces with $1<p<\\infty$",
            "implies the existence of infinitely many solutions",
            "is optimal, as an explicit example shows",
        ],
        "latex": [
            "$L^p$",
            "$\\mathbb{Z}_p$",
            "$SL_2(\\mathbb{R})$",
            "$p$-adic",
            "$C^{1,\\alpha}$",
            "$H^1(\\Omega)$",
            "$\\zeta(s)$",
            "$\\mathbb{P}^n$",
            "$n \\geq 3$",
            "$\\mathbb{F}_q$",
            "$K3$",
            "$\\mathfrak{sl}_2$",
        ],
        "area": ["analysis", "number theory", "algebraic geometry", "combinatorics", "probability"],
        "acronym": [],
    },
    "hep": {
        "topic": [
            "the Standard Model",
            "dark matter",
            "$\\mathcal{N}=4$ super Yang–Mills theory",
            "holography",
            "the Higgs boson",
            "neutrino oscillations",
            "lattice QCD",
            "black hole entropy",
            "conformal field theories",
            "gravitational waves",
            "top-quark pair production",
            "$B$-meson decays",
            "the muon $g-2$",
            "axion-like particles",
            "proton-proton collisions at $\\sqrt{s}=13$ TeV",
            "$T\\bar{T}$ deformations",
            "scattering amplitudes",
            "inflationary cosmology",
            "quantum gravity",
            "heavy-ion collisions",
            "the QCD phase diagram",
        ],
        "method": [
            "effective field theory",
            "the conformal bootstrap",
            "a next-to-leading-order calculation",
            "Monte Carlo simulations",
            "the AdS/CFT correspondence",
            "a global fit",
            "unitarity methods",
            "machine-learned jet taggers",
            "the renormalization group",
        ],
        "prop": _split(
            "unitarity|anomalies|symmetry breaking|confinement|mass spectrum|decay rates|cross sections",
            "|",
        ),
        "setting": [
            "the LHC",
            "future colliders",
            "the early universe",
            "the large-$N$ limit",
            "139 fb$^{-1}$ of data",
            "the continuum limit",
        ],
        "result": [
            "sets the most stringent limits to date",
            "agrees with the Standard Model prediction within $2\\sigma$",
            "reproduces the Bekenstein–Hawking entropy",
            "excludes masses below 1.2 TeV at 95% confidence level",
            "resolves a long-standing discrepancy",
        ],
        "latex": [
            "$SU(N)$",
            "$\\mathcal{N}=4$",
            "$\\sqrt{s}=13$ TeV",
            "$m_H = 125$ GeV",
            "$g-2$",
            "$\\Lambda_{\\rm QCD}$",
            "$AdS_5\\times S^5$",
            "$1/N$",
        ],
        "area": ["particle physics", "string theory", "cosmology", "nuclear physics"],
        "acronym": [],
    },
    "astro": {
        "topic": [
            "galaxy clusters",
            "the cosmic microwave background",
            "fast radio bursts",
            "exoplanet atmospheres",
            "Type Ia supernovae",
            "active galactic nuclei",
            "the Hubble tension",
            "star-forming regions",
            "protoplanetary disks",
            "tidal disruption events",
            "white dwarf binaries",
            "JWST observations",
            "the Milky Way halo",
            "quasars at $z \\sim 6$",
            "gamma-ray bursts",
            "weak gravitational lensing",
            "the circumgalactic medium",
            "magnetar flares",
        ],
        "method": [
            "N-body simulations",
            "spectroscopic follow-up",
            "a Bayesian hierarchical model",
            "radiative transfer modelling",
            "a neural emulator",
            "stacking analysis",
            "high-resolution imaging",
            "Markov chain Monte Carlo sampling",
        ],
        "prop": _split(
            "metallicity|luminosity function|mass-loss rates|star formation rate|equation of state",
            "|",
        ),
        "setting": [
            "Gaia DR3",
            "the Sloan Digital Sky Survey",
            "ALMA observations",
            "the Dark Energy Survey",
            "TESS light curves",
            "Chandra data",
        ],
        "result": [
            "constrains $H_0$ to 1.5%",
            "reveals a population of previously unknown sources",
            "is consistent with $\\Lambda$CDM",
            "detects the signal at $5\\sigma$",
            "favours a bimodal distribution",
        ],
        "latex": [
            "$\\Lambda$CDM",
            "$H_0$",
            "$z \\sim 2$",
            "$M_\\odot$",
            "$10^{12}\\,M_\\odot$",
            "$\\sigma_8$",
            "$R_\\star$",
        ],
        "area": ["astrophysics", "cosmology", "planetary science"],
        "acronym": [],
    },
    "condmat": {
        "topic": [
            "twisted bilayer graphene",
            "topological insulators",
            "quantum spin liquids",
            "the Hubbard model",
            "high-temperature superconductors",
            "Weyl semimetals",
            "magnetic skyrmions",
            "Bose–Einstein condensates",
            "many-body localization",
            "perovskite solar cells",
            "van der Waals heterostructures",
            "active matter",
            "the glass transition",
            "moiré superlattices",
            "Kitaev materials",
        ],
        "method": [
            "density functional theory",
            "dynamical mean-field theory",
            "tensor network methods",
            "angle-resolved photoemission",
            "quantum Monte Carlo",
            "molecular dynamics",
            "a Ginzburg–Landau approach",
            "neutron scattering",
        ],
        "prop": _split(
            "transport properties|phase transitions|critical exponents|band topology|thermal conductivity|spin dynamics",
            "|",
        ),
        "setting": [
            "low temperatures",
            "the strong-coupling regime",
            "zero magnetic field",
            "the thermodynamic limit",
            "ambient pressure",
        ],
        "result": [
            "reveals a previously unknown phase",
            "explains the observed linear-in-$T$ resistivity",
            "predicts a critical temperature of 40 K",
            "is in quantitative agreement with experiment",
        ],
        "latex": ["$T_c$", "$\\mathbb{Z}_2$", "$J_1$-$J_2$", "$k_BT$", "$\\rho(T)\\propto T$"],
        "area": ["condensed matter physics", "materials science"],
        "acronym": [],
    },
    "quantum": {
        "topic": [
            "variational quantum eigensolvers",
            "quantum error correction",
            "surface codes",
            "entanglement entropy",
            "quantum key distribution",
            "superconducting qubits",
            "trapped-ion processors",
            "quantum metrology",
            "Bell inequalities",
            "open quantum systems",
            "quantum walks",
            "NISQ devices",
            "boson sampling",
        ],
        "method": [
            "a tensor-network ansatz",
            "Lindblad master equations",
            "randomized benchmarking",
            "a stabilizer formalism",
            "quantum process tomography",
            "shortcut-to-adiabaticity protocols",
        ],
        "prop": _split(
            "fidelity|coherence times|entanglement|error thresholds|sample complexity", "|"
        ),
        "setting": [
            "a 53-qubit processor",
            "photonic platforms",
            "noisy hardware",
            "the thermodynamic limit",
        ],
        "result": [
            "achieves a two-qubit gate fidelity of 99.9%",
            "beats the standard quantum limit",
            "raises the error threshold to 1.1%",
            "requires exponentially fewer samples",
        ],
        "latex": ["$|\\psi\\rangle$", "$\\mathcal{H}$", "$\\rho$", "$[[n,k,d]]$", "$O(\\sqrt{N})$"],
        "area": ["quantum information", "quantum computing"],
        "acronym": [],
    },
    "physics": {
        "topic": [
            "turbulent boundary layers",
            "optical frequency combs",
            "plasma wakefield acceleration",
            "metasurfaces",
            "droplet impact",
            "epidemic spreading on networks",
            "climate sensitivity",
            "photonic crystals",
            "laser cooling",
            "granular flows",
            "opinion dynamics",
            "ultrafast spectroscopy",
            "chaotic advection",
            "solitons in optical fibres",
        ],
        "method": [
            "direct numerical simulation",
            "a lattice Boltzmann scheme",
            "particle-in-cell simulations",
            "pump-probe measurements",
            "a mean-field model",
            "finite-element modelling",
        ],
        "prop": _split("energy transfer|dissipation|scaling laws|stability|resonances", "|"),
        "setting": [
            "high Reynolds numbers",
            "controlled laboratory experiments",
            "real contact networks",
        ],
        "result": [
            "follows a universal scaling law",
            "agrees with experiments to within 5%",
            "doubles the conversion efficiency",
        ],
        "latex": ["$Re \\sim 10^4$", "$\\lambda = 1550$ nm", "$\\omega_p$", "$R_0$"],
        "area": ["applied physics", "fluid dynamics", "optics", "complex systems"],
        "acronym": [],
    },
    "bio": {
        "topic": [
            "protein folding",
            "gene regulatory networks",
            "single-cell RNA sequencing",
            "neural population dynamics",
            "epidemic models",
            "evolutionary dynamics",
            "tumor growth",
            "the gut microbiome",
            "cortical oscillations",
            "antibiotic resistance",
        ],
        "method": [
            "a stochastic model",
            "Bayesian inference",
            "agent-based simulations",
            "a deep generative model",
            "phylogenetic analysis",
        ],
        "prop": _split("robustness|heterogeneity|fitness|noise", "|"),
        "setting": ["in vitro experiments", "patient cohorts", "longitudinal data"],
        "result": ["predicts outcomes with an AUC of 0.91", "identifies three distinct regimes"],
        "latex": ["$R_0$", "$\\sim 10^3$ cells"],
        "area": ["biology", "neuroscience", "epidemiology"],
        "acronym": [],
    },
    "stat": {
        "topic": [
            "high-dimensional regression",
            "causal inference",
            "Bayesian hierarchical models",
            "false discovery rate control",
            "conformal prediction",
            "Markov chain Monte Carlo",
            "survival analysis",
            "functional data",
            "changepoint detection",
            "optimal transport",
        ],
        "method": [
            "a debiased lasso",
            "an empirical Bayes approach",
            "the bootstrap",
            "a doubly robust estimator",
            "Hamiltonian Monte Carlo",
            "a kernel two-sample test",
        ],
        "prop": _split("consistency|coverage|power|efficiency|minimax rates", "|"),
        "setting": ["simulation studies", "an application to census data", "genomic data"],
        "result": [
            "attains the minimax rate $n^{-2/5}$",
            "keeps nominal coverage in finite samples",
            "is more powerful than existing tests",
        ],
        "latex": ["$n^{-1/2}$", "$p \\gg n$", "$\\ell_1$", "$\\hat\\theta$", "$\\sqrt{n}$"],
        "area": ["statistics", "econometrics"],
        "acronym": [],
    },
    "econ": {
        "topic": [
            "market microstructure",
            "optimal portfolio allocation",
            "option pricing",
            "auction design",
            "labor market frictions",
            "monetary policy shocks",
            "systemic risk",
            "difference-in-differences estimators",
            "matching markets",
            "rough volatility",
        ],
        "method": [
            "a structural model",
            "a stochastic control approach",
            "instrumental variables",
            "a general equilibrium model",
            "deep hedging",
        ],
        "prop": _split("welfare|efficiency|risk premia|volatility", "|"),
        "setting": ["US equity data", "administrative records", "a laboratory experiment"],
        "result": ["raises welfare by 4%", "explains half of the observed variation"],
        "latex": ["$\\sigma$", "$\\mathbb{E}[R]$", "$H < 1/2$"],
        "area": ["economics", "finance"],
        "acronym": [],
    },
}

_CONTEXT = [
    "{Topic} have attracted considerable attention in recent years.",
    "Understanding {topic} remains a central challenge in {area}.",
    "{Topic} play a key role in {area}.",
    "Recent progress on {topic} has raised new questions about their {prop}.",
]
_PROBLEM = [
    "However, existing approaches to {topic} suffer from limited {prop}.",
    "A key open question is how {topic} relate to {topic2}.",
    "Despite recent progress, little is known about the {prop} of {topic}.",
    "Previous work has largely ignored the {prop} of such systems.",
]
_METHOD = [
    "In this paper, we {verb} {method} for {topic}.",
    "We {verb} {topic} using {method}.",
    "Building on {method}, we {verb} a {adj} framework for {topic2}.",
    "Here we {verb} a {adj} description of {topic} in {setting}.",
    "Our approach combines {method} with {method2}.",
]
_RESULT = [
    "Our method {result}.",
    "Experiments on {setting} show that the approach {result}.",
    "We show that {claim}.",
    "In particular, the analysis {result}.",
    "We find that {topic} exhibit a crossover at {latex}.",
    "As a consequence, we obtain a bound of order {latex}.",
]
_FILLER = [
    "We further discuss the {prop} of {topic2} and its dependence on {latex}.",
    "We also {verb} the role of {topic2} in {area}.",
    "The analysis relies on {method2} and holds in {setting}.",
    "Numerical evidence supports these findings.",
    "Several open problems are discussed.",
    "Finally, we comment on implications for {topic2}.",
    "The construction is explicit and easy to implement.",
]
_CLOSING = [
    "These results shed light on {topic2}.",
    "Our findings open the way to {adj} studies of {topic2}.",
    "This suggests new directions for research in {area}.",
]
_MORE = _FILLER + _RESULT + _METHOD
MAX_WORDS = 250

_TITLES = [
    "{Adj} {topic} via {method2}",
    "{Method} for {topic}",
    "On the {prop} of {topic}",
    "Towards {adj} {topic}",
    "{Topic} and {topic2}",
    "A {adj} approach to {topic}",
    "{Topic} with {method}",
    "{Topic} in {setting}",
    "Revisiting {topic}: {prop} and beyond",
]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def _pick(rng: random.Random, items: list[str]) -> str:
    return items[int(rng.random() * len(items))]


class _Slots(dict):
    """The words of one sentence, drawn only when its template asks for them.

    "Topic" and "topic" are the same topic; "topic2" (and "method2") another one.
    """

    def __init__(self, words: dict[str, list[str]], rng: random.Random):
        super().__init__()
        self.words, self.rng = words, rng

    def __missing__(self, key: str) -> str:
        lower = key[:1].lower() + key[1:]
        if lower != key:  # "Topic", "Adj": the capitalised form of the same draw
            value = _cap(self[lower])
        elif key.endswith("2"):
            first = self[key[:-1]]
            value = first
            while value == first:
                value = _pick(self.rng, self.words[key[:-1]])
        else:
            value = _pick(self.rng, self.words[key])
        self[key] = value
        return value


class TextMaker:
    """Titles and abstracts for one community, from its word lists and a few sentence shapes."""

    def __init__(self, community: str):
        self.words = {**COMMON, **COMMUNITY_TEXT[community]}

    def _fill(self, rng: random.Random, template: str) -> str:
        return template.format_map(_Slots(self.words, rng))

    def title(self, rng: random.Random) -> str:
        title = self._fill(rng, _pick(rng, _TITLES))
        if self.words["acronym"] and rng.random() < 0.3:
            title = f"{_pick(rng, self.words['acronym'])}: {title}"
        if rng.random() < 0.12:
            title += f" at {_pick(rng, self.words['latex'])}"
        return title

    def abstract(self, rng: random.Random, words: int, extra: str = "") -> str:
        """``words`` (100 to 250) words, give or take a sentence, never over MAX_WORDS:
        context, problem, method, results, more, a closing line and ``extra``."""
        sentences = [
            self._fill(rng, _pick(rng, _CONTEXT)),
            self._fill(rng, _pick(rng, _PROBLEM)),
            self._fill(rng, _pick(rng, _METHOD)),
            self._fill(rng, _pick(rng, _RESULT)),
        ]
        count = sum(s.count(" ") + 1 for s in sentences)
        closing = self._fill(rng, _pick(rng, _CLOSING))
        tail = closing.count(" ") + 1 + (extra.count(" ") + 1 if extra else 0)
        while count + tail < words:
            sentence = self._fill(rng, _pick(rng, _MORE))
            sentences.append(sentence)
            count += sentence.count(" ") + 1
        while count + tail > MAX_WORDS and len(sentences) > 4:
            count -= sentences.pop().count(" ") + 1
        return " ".join([*sentences, closing, *([extra] if extra else [])])


COMMENTS = [
    "{p} pages, {f} figures",
    "{p} pages, {f} figures, {t} tables",
    "{p} pages",
    "Accepted at {venue}",
    "{p} pages, {f} figures; v{v}: references added",
    "Published version",
    "Comments welcome",
    "{p} pages, {f} figures, submitted to {venue}",
]
VENUES = {
    "ml": ["NeurIPS", "ICML", "ICLR", "CVPR", "ACL", "EMNLP", "AAAI"],
    "cs": ["STOC", "FOCS", "SODA", "OSDI", "PLDI", "CCS", "ICALP"],
    "math": ["Ann. of Math.", "Invent. Math.", "Duke Math. J.", "J. Amer. Math. Soc."],
    "hep": ["Phys. Rev. D", "JHEP", "Phys. Rev. Lett.", "Eur. Phys. J. C"],
    "astro": ["ApJ", "MNRAS", "A&A", "AJ"],
    "condmat": ["Phys. Rev. B", "Nature Physics", "Phys. Rev. Lett."],
    "quantum": ["PRX Quantum", "Quantum", "Phys. Rev. A"],
    "physics": ["Phys. Rev. E", "J. Fluid Mech.", "Optica"],
    "bio": ["PLoS Comput. Biol.", "eLife", "Bull. Math. Biol."],
    "stat": ["Ann. Statist.", "JASA", "Biometrika"],
    "econ": ["Econometrica", "Math. Finance", "J. Econ. Theory"],
}
# (journal reference pattern, DOI pattern) per community; {v} volume, {p} page, {y} year.
JOURNALS = {
    "ml": [("Proceedings of {venue} {y}", ""), ("Trans. Mach. Learn. Res. ({y})", "")],
    "cs": [("IEEE Trans. Inf. Theory {v} ({y}) {p}-{p2}", "10.1109/TIT.{y}.{p}{v}"),
           ("Proceedings of {venue} {y}, pp. {p}-{p2}", "10.1145/{p}.{v}{p2}")],
    "math": [("Ann. of Math. (2) {v} ({y}), no. 2, {p}-{p2}", "10.4007/annals.{y}.{v}.2.{p}"),
             ("Invent. Math. {v} ({y}) {p}-{p2}", "10.1007/s00222-0{y}-0{p}-{v}")],
    "hep": [("Phys. Rev. D {v}, {p} ({y})", "10.1103/PhysRevD.{v}.{p}"),
            ("JHEP {m} ({y}) {p}", "10.1007/JHEP{m}({y}){p}")],
    "astro": [("Astrophys. J. {v}, {p} ({y})", "10.3847/1538-4357/ab{p}"),
              ("Mon. Not. R. Astron. Soc. {v}, {p}-{p2} ({y})", "10.1093/mnras/stz{p}")],
    "condmat": [("Phys. Rev. B {v}, {p} ({y})", "10.1103/PhysRevB.{v}.{p}")],
    "quantum": [("Phys. Rev. A {v}, {p} ({y})", "10.1103/PhysRevA.{v}.{p}"),
                ("Quantum {v}, {p} ({y})", "10.22331/q-{y}-{m}-01-{p}")],
    "physics": [("Phys. Rev. E {v}, {p} ({y})", "10.1103/PhysRevE.{v}.{p}"),
                ("J. Fluid Mech. {v}, A{p} ({y})", "10.1017/jfm.{y}.{p}")],
    "bio": [("PLoS Comput. Biol. {v}, e{p} ({y})", "10.1371/journal.pcbi.{p}")],
    "stat": [("Ann. Statist. {v} ({y}) {p}-{p2}", "10.1214/{y}-AOS{p}")],
    "econ": [("Econometrica {v} ({y}) {p}-{p2}", "10.3982/ECTA{p}")],
}  # fmt: skip

CODE_HOSTS = [
    ("https://github.com/{u}/{r}", 0.84),
    ("https://huggingface.co/{u}/{r}", 0.08),
    ("https://gitlab.com/{u}/{r}", 0.05),
    ("https://bitbucket.org/{u}/{r}", 0.02),
    ("https://codeberg.org/{u}/{r}", 0.01),
]
REPO_WORDS = _split(
    "flame orca lumen prism spark halo tide kite mosaic quill sage bolt cirrus vortex "
    "nebula lattice tensor graph diffuse align fast tiny deep sparse"
)
LICENSES = [
    ("http://arxiv.org/licenses/nonexclusive-distrib/1.0/", 0.6),
    ("http://creativecommons.org/licenses/by/4.0/", 0.3),
    ("http://creativecommons.org/licenses/by-nc-sa/4.0/", 0.05),
    ("", 0.05),
]

# Claimed profiles: what owners write about themselves.
HEADLINES = [
    "Working on the theory and practice of learning from data",
    "Particle physicist; precision measurements at the LHC",
    "Number theory, automorphic forms and their L-functions",
    "Galaxy evolution across cosmic time",
    "Quantum error correction and fault-tolerant computing",
    "Strongly correlated electrons and quantum materials",
    "Algorithms, complexity and their applications",
    "Statistical methods for causal questions",
    "Fluid dynamics, turbulence and mixing",
    "Computational biology and population dynamics",
]
ROLES = [
    "Professor", "Associate Professor", "Assistant Professor", "Postdoctoral Researcher",
    "PhD Student", "Research Scientist", "Staff Scientist", "Lecturer", "Group Leader",
]  # fmt: skip
