/// An IRC numeric reply code, with the names of the Modern IRC documents as constants.
///
/// A struct rather than an enum so that a client can hold numerics it does not know.
public struct Numeric: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The three-digit code as sent on the wire.
    public let rawValue: String

    /// Wraps a three-digit code.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The code, e.g. `"001"`.
    public var description: String { rawValue }

    /// Whether this is an error numeric (400–599).
    public var isError: Bool { rawValue.first == "4" || rawValue.first == "5" }

    /// The documented name (`RPL_WELCOME`), or `nil` for a code this library does not name.
    public var name: String? { Numeric.names[rawValue] }

    /// `001` RPL_WELCOME.
    public static let rplWelcome = Numeric(rawValue: "001")
    /// `002` RPL_YOURHOST.
    public static let rplYourHost = Numeric(rawValue: "002")
    /// `003` RPL_CREATED.
    public static let rplCreated = Numeric(rawValue: "003")
    /// `004` RPL_MYINFO.
    public static let rplMyInfo = Numeric(rawValue: "004")
    /// `005` RPL_ISUPPORT.
    public static let rplISupport = Numeric(rawValue: "005")
    /// `010` RPL_BOUNCE.
    public static let rplBounce = Numeric(rawValue: "010")
    /// `221` RPL_UMODEIS.
    public static let rplUModeIs = Numeric(rawValue: "221")
    /// `251` RPL_LUSERCLIENT.
    public static let rplLUserClient = Numeric(rawValue: "251")
    /// `252` RPL_LUSEROP.
    public static let rplLUserOp = Numeric(rawValue: "252")
    /// `253` RPL_LUSERUNKNOWN.
    public static let rplLUserUnknown = Numeric(rawValue: "253")
    /// `254` RPL_LUSERCHANNELS.
    public static let rplLUserChannels = Numeric(rawValue: "254")
    /// `255` RPL_LUSERME.
    public static let rplLUserMe = Numeric(rawValue: "255")
    /// `256` RPL_ADMINME.
    public static let rplAdminMe = Numeric(rawValue: "256")
    /// `257` RPL_ADMINLOC1.
    public static let rplAdminLoc1 = Numeric(rawValue: "257")
    /// `258` RPL_ADMINLOC2.
    public static let rplAdminLoc2 = Numeric(rawValue: "258")
    /// `259` RPL_ADMINEMAIL.
    public static let rplAdminEmail = Numeric(rawValue: "259")
    /// `263` RPL_TRYAGAIN.
    public static let rplTryAgain = Numeric(rawValue: "263")
    /// `265` RPL_LOCALUSERS.
    public static let rplLocalUsers = Numeric(rawValue: "265")
    /// `266` RPL_GLOBALUSERS.
    public static let rplGlobalUsers = Numeric(rawValue: "266")
    /// `276` RPL_WHOISCERTFP.
    public static let rplWhoisCertFP = Numeric(rawValue: "276")
    /// `300` RPL_NONE.
    public static let rplNone = Numeric(rawValue: "300")
    /// `301` RPL_AWAY.
    public static let rplAway = Numeric(rawValue: "301")
    /// `302` RPL_USERHOST.
    public static let rplUserHost = Numeric(rawValue: "302")
    /// `303` RPL_ISON.
    public static let rplIsOn = Numeric(rawValue: "303")
    /// `305` RPL_UNAWAY.
    public static let rplUnAway = Numeric(rawValue: "305")
    /// `306` RPL_NOWAWAY.
    public static let rplNowAway = Numeric(rawValue: "306")
    /// `307` RPL_WHOISREGNICK.
    public static let rplWhoisRegNick = Numeric(rawValue: "307")
    /// `311` RPL_WHOISUSER.
    public static let rplWhoisUser = Numeric(rawValue: "311")
    /// `312` RPL_WHOISSERVER.
    public static let rplWhoisServer = Numeric(rawValue: "312")
    /// `313` RPL_WHOISOPERATOR.
    public static let rplWhoisOperator = Numeric(rawValue: "313")
    /// `314` RPL_WHOWASUSER.
    public static let rplWhoWasUser = Numeric(rawValue: "314")
    /// `315` RPL_ENDOFWHO.
    public static let rplEndOfWho = Numeric(rawValue: "315")
    /// `317` RPL_WHOISIDLE.
    public static let rplWhoisIdle = Numeric(rawValue: "317")
    /// `318` RPL_ENDOFWHOIS.
    public static let rplEndOfWhois = Numeric(rawValue: "318")
    /// `319` RPL_WHOISCHANNELS.
    public static let rplWhoisChannels = Numeric(rawValue: "319")
    /// `320` RPL_WHOISSPECIAL.
    public static let rplWhoisSpecial = Numeric(rawValue: "320")
    /// `321` RPL_LISTSTART.
    public static let rplListStart = Numeric(rawValue: "321")
    /// `322` RPL_LIST.
    public static let rplList = Numeric(rawValue: "322")
    /// `323` RPL_LISTEND.
    public static let rplListEnd = Numeric(rawValue: "323")
    /// `324` RPL_CHANNELMODEIS.
    public static let rplChannelModeIs = Numeric(rawValue: "324")
    /// `329` RPL_CREATIONTIME.
    public static let rplCreationTime = Numeric(rawValue: "329")
    /// `330` RPL_WHOISACCOUNT.
    public static let rplWhoisAccount = Numeric(rawValue: "330")
    /// `331` RPL_NOTOPIC.
    public static let rplNoTopic = Numeric(rawValue: "331")
    /// `332` RPL_TOPIC.
    public static let rplTopic = Numeric(rawValue: "332")
    /// `333` RPL_TOPICWHOTIME.
    public static let rplTopicWhoTime = Numeric(rawValue: "333")
    /// `336` RPL_INVITELIST.
    public static let rplInviteList = Numeric(rawValue: "336")
    /// `337` RPL_ENDOFINVITELIST.
    public static let rplEndOfInviteList = Numeric(rawValue: "337")
    /// `338` RPL_WHOISACTUALLY.
    public static let rplWhoisActually = Numeric(rawValue: "338")
    /// `341` RPL_INVITING.
    public static let rplInviting = Numeric(rawValue: "341")
    /// `346` RPL_INVEXLIST.
    public static let rplInvexList = Numeric(rawValue: "346")
    /// `347` RPL_ENDOFINVEXLIST.
    public static let rplEndOfInvexList = Numeric(rawValue: "347")
    /// `348` RPL_EXCEPTLIST.
    public static let rplExceptList = Numeric(rawValue: "348")
    /// `349` RPL_ENDOFEXCEPTLIST.
    public static let rplEndOfExceptList = Numeric(rawValue: "349")
    /// `351` RPL_VERSION.
    public static let rplVersion = Numeric(rawValue: "351")
    /// `352` RPL_WHOREPLY.
    public static let rplWhoReply = Numeric(rawValue: "352")
    /// `353` RPL_NAMREPLY.
    public static let rplNamReply = Numeric(rawValue: "353")
    /// `354` RPL_WHOSPCRPL.
    public static let rplWhoSpcRpl = Numeric(rawValue: "354")
    /// `364` RPL_LINKS.
    public static let rplLinks = Numeric(rawValue: "364")
    /// `365` RPL_ENDOFLINKS.
    public static let rplEndOfLinks = Numeric(rawValue: "365")
    /// `366` RPL_ENDOFNAMES.
    public static let rplEndOfNames = Numeric(rawValue: "366")
    /// `367` RPL_BANLIST.
    public static let rplBanList = Numeric(rawValue: "367")
    /// `368` RPL_ENDOFBANLIST.
    public static let rplEndOfBanList = Numeric(rawValue: "368")
    /// `369` RPL_ENDOFWHOWAS.
    public static let rplEndOfWhoWas = Numeric(rawValue: "369")
    /// `371` RPL_INFO.
    public static let rplInfo = Numeric(rawValue: "371")
    /// `372` RPL_MOTD.
    public static let rplMotd = Numeric(rawValue: "372")
    /// `374` RPL_ENDOFINFO.
    public static let rplEndOfInfo = Numeric(rawValue: "374")
    /// `375` RPL_MOTDSTART.
    public static let rplMotdStart = Numeric(rawValue: "375")
    /// `376` RPL_ENDOFMOTD.
    public static let rplEndOfMotd = Numeric(rawValue: "376")
    /// `378` RPL_WHOISHOST.
    public static let rplWhoisHost = Numeric(rawValue: "378")
    /// `379` RPL_WHOISMODES.
    public static let rplWhoisModes = Numeric(rawValue: "379")
    /// `381` RPL_YOUREOPER.
    public static let rplYoureOper = Numeric(rawValue: "381")
    /// `382` RPL_REHASHING.
    public static let rplRehashing = Numeric(rawValue: "382")
    /// `391` RPL_TIME.
    public static let rplTime = Numeric(rawValue: "391")
    /// `400` ERR_UNKNOWNERROR.
    public static let errUnknownError = Numeric(rawValue: "400")
    /// `401` ERR_NOSUCHNICK.
    public static let errNoSuchNick = Numeric(rawValue: "401")
    /// `402` ERR_NOSUCHSERVER.
    public static let errNoSuchServer = Numeric(rawValue: "402")
    /// `403` ERR_NOSUCHCHANNEL.
    public static let errNoSuchChannel = Numeric(rawValue: "403")
    /// `404` ERR_CANNOTSENDTOCHAN.
    public static let errCannotSendToChan = Numeric(rawValue: "404")
    /// `405` ERR_TOOMANYCHANNELS.
    public static let errTooManyChannels = Numeric(rawValue: "405")
    /// `406` ERR_WASNOSUCHNICK.
    public static let errWasNoSuchNick = Numeric(rawValue: "406")
    /// `407` ERR_TOOMANYTARGETS.
    public static let errTooManyTargets = Numeric(rawValue: "407")
    /// `409` ERR_NOORIGIN.
    public static let errNoOrigin = Numeric(rawValue: "409")
    /// `410` ERR_INVALIDCAPCMD.
    public static let errInvalidCapCmd = Numeric(rawValue: "410")
    /// `411` ERR_NORECIPIENT.
    public static let errNoRecipient = Numeric(rawValue: "411")
    /// `412` ERR_NOTEXTTOSEND.
    public static let errNoTextToSend = Numeric(rawValue: "412")
    /// `417` ERR_INPUTTOOLONG.
    public static let errInputTooLong = Numeric(rawValue: "417")
    /// `421` ERR_UNKNOWNCOMMAND.
    public static let errUnknownCommand = Numeric(rawValue: "421")
    /// `422` ERR_NOMOTD.
    public static let errNoMotd = Numeric(rawValue: "422")
    /// `431` ERR_NONICKNAMEGIVEN.
    public static let errNoNicknameGiven = Numeric(rawValue: "431")
    /// `432` ERR_ERRONEUSNICKNAME.
    public static let errErroneusNickname = Numeric(rawValue: "432")
    /// `433` ERR_NICKNAMEINUSE.
    public static let errNicknameInUse = Numeric(rawValue: "433")
    /// `436` ERR_NICKCOLLISION.
    public static let errNickCollision = Numeric(rawValue: "436")
    /// `441` ERR_USERNOTINCHANNEL.
    public static let errUserNotInChannel = Numeric(rawValue: "441")
    /// `442` ERR_NOTONCHANNEL.
    public static let errNotOnChannel = Numeric(rawValue: "442")
    /// `443` ERR_USERONCHANNEL.
    public static let errUserOnChannel = Numeric(rawValue: "443")
    /// `451` ERR_NOTREGISTERED.
    public static let errNotRegistered = Numeric(rawValue: "451")
    /// `461` ERR_NEEDMOREPARAMS.
    public static let errNeedMoreParams = Numeric(rawValue: "461")
    /// `462` ERR_ALREADYREGISTERED.
    public static let errAlreadyRegistered = Numeric(rawValue: "462")
    /// `464` ERR_PASSWDMISMATCH.
    public static let errPasswdMismatch = Numeric(rawValue: "464")
    /// `465` ERR_YOUREBANNEDCREEP.
    public static let errYoureBannedCreep = Numeric(rawValue: "465")
    /// `471` ERR_CHANNELISFULL.
    public static let errChannelIsFull = Numeric(rawValue: "471")
    /// `472` ERR_UNKNOWNMODE.
    public static let errUnknownMode = Numeric(rawValue: "472")
    /// `473` ERR_INVITEONLYCHAN.
    public static let errInviteOnlyChan = Numeric(rawValue: "473")
    /// `474` ERR_BANNEDFROMCHAN.
    public static let errBannedFromChan = Numeric(rawValue: "474")
    /// `475` ERR_BADCHANNELKEY.
    public static let errBadChannelKey = Numeric(rawValue: "475")
    /// `476` ERR_BADCHANMASK.
    public static let errBadChanMask = Numeric(rawValue: "476")
    /// `478` ERR_BANLISTFULL.
    public static let errBanListFull = Numeric(rawValue: "478")
    /// `481` ERR_NOPRIVILEGES.
    public static let errNoPrivileges = Numeric(rawValue: "481")
    /// `482` ERR_CHANOPRIVSNEEDED.
    public static let errChanOPrivsNeeded = Numeric(rawValue: "482")
    /// `483` ERR_CANTKILLSERVER.
    public static let errCantKillServer = Numeric(rawValue: "483")
    /// `491` ERR_NOOPERHOST.
    public static let errNoOperHost = Numeric(rawValue: "491")
    /// `501` ERR_UMODEUNKNOWNFLAG.
    public static let errUModeUnknownFlag = Numeric(rawValue: "501")
    /// `502` ERR_USERSDONTMATCH.
    public static let errUsersDontMatch = Numeric(rawValue: "502")
    /// `524` ERR_HELPNOTFOUND.
    public static let errHelpNotFound = Numeric(rawValue: "524")
    /// `525` ERR_INVALIDKEY.
    public static let errInvalidKey = Numeric(rawValue: "525")
    /// `670` RPL_STARTTLS.
    public static let rplStartTLS = Numeric(rawValue: "670")
    /// `671` RPL_WHOISSECURE.
    public static let rplWhoisSecure = Numeric(rawValue: "671")
    /// `691` ERR_STARTTLS.
    public static let errStartTLS = Numeric(rawValue: "691")
    /// `696` ERR_INVALIDMODEPARAM.
    public static let errInvalidModeParam = Numeric(rawValue: "696")
    /// `704` RPL_HELPSTART.
    public static let rplHelpStart = Numeric(rawValue: "704")
    /// `705` RPL_HELPTXT.
    public static let rplHelpTxt = Numeric(rawValue: "705")
    /// `706` RPL_ENDOFHELP.
    public static let rplEndOfHelp = Numeric(rawValue: "706")
    /// `723` ERR_NOPRIVS.
    public static let errNoPrivs = Numeric(rawValue: "723")
    /// `730` RPL_MONONLINE.
    public static let rplMonOnline = Numeric(rawValue: "730")
    /// `731` RPL_MONOFFLINE.
    public static let rplMonOffline = Numeric(rawValue: "731")
    /// `732` RPL_MONLIST.
    public static let rplMonList = Numeric(rawValue: "732")
    /// `733` RPL_ENDOFMONLIST.
    public static let rplEndOfMonList = Numeric(rawValue: "733")
    /// `734` ERR_MONLISTFULL.
    public static let errMonListFull = Numeric(rawValue: "734")
    /// `760` RPL_WHOISKEYVALUE (draft/metadata-2).
    public static let rplWhoisKeyValue = Numeric(rawValue: "760")
    /// `761` RPL_KEYVALUE: a metadata key and its value (none: removed).
    public static let rplKeyValue = Numeric(rawValue: "761")
    /// `766` ERR_NOMATCHINGKEY: the key is not set on the target.
    public static let errNoMatchingKey = Numeric(rawValue: "766")
    /// `768` ERR_KEYNOTSET: removing a key that is not set.
    public static let errKeyNotSet = Numeric(rawValue: "768")
    /// `770` RPL_METADATASUBOK: keys subscribed to.
    public static let rplMetadataSubOK = Numeric(rawValue: "770")
    /// `771` RPL_METADATAUNSUBOK: keys unsubscribed from.
    public static let rplMetadataUnsubOK = Numeric(rawValue: "771")
    /// `772` RPL_METADATASUBS: the keys subscribed to.
    public static let rplMetadataSubs = Numeric(rawValue: "772")
    /// `774` ERR_METADATASYNCLATER.
    public static let errMetadataSyncLater = Numeric(rawValue: "774")
    /// `900` RPL_LOGGEDIN.
    public static let rplLoggedIn = Numeric(rawValue: "900")
    /// `901` RPL_LOGGEDOUT.
    public static let rplLoggedOut = Numeric(rawValue: "901")
    /// `902` ERR_NICKLOCKED.
    public static let errNickLocked = Numeric(rawValue: "902")
    /// `903` RPL_SASLSUCCESS.
    public static let rplSaslSuccess = Numeric(rawValue: "903")
    /// `904` ERR_SASLFAIL.
    public static let errSaslFail = Numeric(rawValue: "904")
    /// `905` ERR_SASLTOOLONG.
    public static let errSaslTooLong = Numeric(rawValue: "905")
    /// `906` ERR_SASLABORTED.
    public static let errSaslAborted = Numeric(rawValue: "906")
    /// `907` ERR_SASLALREADY.
    public static let errSaslAlready = Numeric(rawValue: "907")
    /// `908` RPL_SASLMECHS.
    public static let rplSaslMechs = Numeric(rawValue: "908")

    static let names: [String: String] = [
        "001": "RPL_WELCOME",
        "002": "RPL_YOURHOST",
        "003": "RPL_CREATED",
        "004": "RPL_MYINFO",
        "005": "RPL_ISUPPORT",
        "010": "RPL_BOUNCE",
        "221": "RPL_UMODEIS",
        "251": "RPL_LUSERCLIENT",
        "252": "RPL_LUSEROP",
        "253": "RPL_LUSERUNKNOWN",
        "254": "RPL_LUSERCHANNELS",
        "255": "RPL_LUSERME",
        "256": "RPL_ADMINME",
        "257": "RPL_ADMINLOC1",
        "258": "RPL_ADMINLOC2",
        "259": "RPL_ADMINEMAIL",
        "263": "RPL_TRYAGAIN",
        "265": "RPL_LOCALUSERS",
        "266": "RPL_GLOBALUSERS",
        "276": "RPL_WHOISCERTFP",
        "300": "RPL_NONE",
        "301": "RPL_AWAY",
        "302": "RPL_USERHOST",
        "303": "RPL_ISON",
        "305": "RPL_UNAWAY",
        "306": "RPL_NOWAWAY",
        "307": "RPL_WHOISREGNICK",
        "311": "RPL_WHOISUSER",
        "312": "RPL_WHOISSERVER",
        "313": "RPL_WHOISOPERATOR",
        "314": "RPL_WHOWASUSER",
        "315": "RPL_ENDOFWHO",
        "317": "RPL_WHOISIDLE",
        "318": "RPL_ENDOFWHOIS",
        "319": "RPL_WHOISCHANNELS",
        "320": "RPL_WHOISSPECIAL",
        "321": "RPL_LISTSTART",
        "322": "RPL_LIST",
        "323": "RPL_LISTEND",
        "324": "RPL_CHANNELMODEIS",
        "329": "RPL_CREATIONTIME",
        "330": "RPL_WHOISACCOUNT",
        "331": "RPL_NOTOPIC",
        "332": "RPL_TOPIC",
        "333": "RPL_TOPICWHOTIME",
        "336": "RPL_INVITELIST",
        "337": "RPL_ENDOFINVITELIST",
        "338": "RPL_WHOISACTUALLY",
        "341": "RPL_INVITING",
        "346": "RPL_INVEXLIST",
        "347": "RPL_ENDOFINVEXLIST",
        "348": "RPL_EXCEPTLIST",
        "349": "RPL_ENDOFEXCEPTLIST",
        "351": "RPL_VERSION",
        "352": "RPL_WHOREPLY",
        "353": "RPL_NAMREPLY",
        "354": "RPL_WHOSPCRPL",
        "364": "RPL_LINKS",
        "365": "RPL_ENDOFLINKS",
        "366": "RPL_ENDOFNAMES",
        "367": "RPL_BANLIST",
        "368": "RPL_ENDOFBANLIST",
        "369": "RPL_ENDOFWHOWAS",
        "371": "RPL_INFO",
        "372": "RPL_MOTD",
        "374": "RPL_ENDOFINFO",
        "375": "RPL_MOTDSTART",
        "376": "RPL_ENDOFMOTD",
        "378": "RPL_WHOISHOST",
        "379": "RPL_WHOISMODES",
        "381": "RPL_YOUREOPER",
        "382": "RPL_REHASHING",
        "391": "RPL_TIME",
        "400": "ERR_UNKNOWNERROR",
        "401": "ERR_NOSUCHNICK",
        "402": "ERR_NOSUCHSERVER",
        "403": "ERR_NOSUCHCHANNEL",
        "404": "ERR_CANNOTSENDTOCHAN",
        "405": "ERR_TOOMANYCHANNELS",
        "406": "ERR_WASNOSUCHNICK",
        "407": "ERR_TOOMANYTARGETS",
        "409": "ERR_NOORIGIN",
        "410": "ERR_INVALIDCAPCMD",
        "411": "ERR_NORECIPIENT",
        "412": "ERR_NOTEXTTOSEND",
        "417": "ERR_INPUTTOOLONG",
        "421": "ERR_UNKNOWNCOMMAND",
        "422": "ERR_NOMOTD",
        "431": "ERR_NONICKNAMEGIVEN",
        "432": "ERR_ERRONEUSNICKNAME",
        "433": "ERR_NICKNAMEINUSE",
        "436": "ERR_NICKCOLLISION",
        "441": "ERR_USERNOTINCHANNEL",
        "442": "ERR_NOTONCHANNEL",
        "443": "ERR_USERONCHANNEL",
        "451": "ERR_NOTREGISTERED",
        "461": "ERR_NEEDMOREPARAMS",
        "462": "ERR_ALREADYREGISTERED",
        "464": "ERR_PASSWDMISMATCH",
        "465": "ERR_YOUREBANNEDCREEP",
        "471": "ERR_CHANNELISFULL",
        "472": "ERR_UNKNOWNMODE",
        "473": "ERR_INVITEONLYCHAN",
        "474": "ERR_BANNEDFROMCHAN",
        "475": "ERR_BADCHANNELKEY",
        "476": "ERR_BADCHANMASK",
        "478": "ERR_BANLISTFULL",
        "481": "ERR_NOPRIVILEGES",
        "482": "ERR_CHANOPRIVSNEEDED",
        "483": "ERR_CANTKILLSERVER",
        "491": "ERR_NOOPERHOST",
        "501": "ERR_UMODEUNKNOWNFLAG",
        "502": "ERR_USERSDONTMATCH",
        "524": "ERR_HELPNOTFOUND",
        "525": "ERR_INVALIDKEY",
        "670": "RPL_STARTTLS",
        "671": "RPL_WHOISSECURE",
        "691": "ERR_STARTTLS",
        "696": "ERR_INVALIDMODEPARAM",
        "704": "RPL_HELPSTART",
        "705": "RPL_HELPTXT",
        "706": "RPL_ENDOFHELP",
        "723": "ERR_NOPRIVS",
        "730": "RPL_MONONLINE",
        "731": "RPL_MONOFFLINE",
        "732": "RPL_MONLIST",
        "733": "RPL_ENDOFMONLIST",
        "734": "ERR_MONLISTFULL",
        "900": "RPL_LOGGEDIN",
        "901": "RPL_LOGGEDOUT",
        "902": "ERR_NICKLOCKED",
        "903": "RPL_SASLSUCCESS",
        "904": "ERR_SASLFAIL",
        "905": "ERR_SASLTOOLONG",
        "906": "ERR_SASLABORTED",
        "907": "ERR_SASLALREADY",
        "908": "RPL_SASLMECHS",
    ]
}
