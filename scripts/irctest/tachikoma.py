"""irctest controller for tachikoma-server: our glue for the public conformance suite
irctest (github.com/progval/irctest), which is not part of this repository. See
CONFORMANCE.md for how it is run and what it found."""
import os
import shutil
import subprocess
from typing import Dict, Optional, Set, Type

from irctest.basecontrollers import (
    BaseServerController,
    DirectoryBasedController,
    NotImplementedByController,
)
from irctest.cases import BaseServerTestCase

BINARY = os.environ.get(
    "TACHIKOMA_SERVER_BIN", ".build/debug/tachikoma-server"
)

CONFIG = """\
[server]
name = "My.Little.Server"
network = "TachikomaTest"
listen = ["127.0.0.1:{port}"]
db = "{db}"
{password_line}

[limits]
flood_burst = 100000
flood_rate = 100000
flood_queue = 100000
connections_per_ip = 0

[accounts]
registration = true
before_connect = {before_connect}
email_required = {email_required}
password_min_length = 1
multiclient = {multiclient}
always_on = {always_on}

[[operator]]
name = "operuser"
password = "operpassword"
host = "*"
"""


class TachikomaController(BaseServerController, DirectoryBasedController):
    software_name = "Tachikoma"
    _port_wait_interval = 0.05
    supported_sasl_mechanisms = {"PLAIN", "SCRAM-SHA-256"}
    supports_sts = False
    # from `CAP LS 302` of the binary under test
    supported_capabilities: Set[str] = {
        "account-notify",
        "account-tag",
        "away-notify",
        "batch",
        "cap-notify",
        "draft/account-registration",
        "draft/chathistory",
        "draft/event-playback",
        "draft/metadata-2",
        "draft/read-marker",
        "echo-message",
        "extended-join",
        "extended-monitor",
        "invite-notify",
        "labeled-response",
        "message-tags",
        "multi-prefix",
        "sasl",
        "server-time",
        "setname",
        "standard-replies",
        "userhost-in-names",
    }

    def run(
        self,
        hostname: str,
        port: int,
        *,
        password: Optional[str],
        ssl: bool,
        run_services: bool,
        faketime: Optional[str],
        **kwargs,
    ) -> None:
        if ssl:
            raise NotImplementedByController("TLS listener in irctest glue")
        if kwargs.get("valid_metadata_keys") or kwargs.get("invalid_metadata_keys"):
            raise NotImplementedByController("METADATA")
        assert self.proc is None
        self.port = port
        self.hostname = hostname
        self.create_config()
        assert self.directory
        db = self.directory / "server.sqlite"
        with self.open_file("server.toml", "w") as fd:
            fd.write(
                CONFIG.format(
                    port=port,
                    db=db,
                    password_line=(
                        f'password = "{password}"' if password is not None else ""
                    ),
                    before_connect=(
                        "true"
                        if self.test_config.account_registration_before_connect
                        else "false"
                    ),
                    email_required=(
                        "true"
                        if self.test_config.account_registration_requires_email
                        else "false"
                    ),
                    **self.multiclient_settings(),
                )
            )
        env = dict(os.environ)
        env["XDG_DATA_HOME"] = str(self.directory)
        self.log_path = self.directory / "server.log"
        self._log = open(self.log_path, "wb")
        if self.debug_mode:
            self.proc = self.execute(
                [BINARY, "--config", str(self.directory / "server.toml")], env=env
            )
        else:
            self.proc = subprocess.Popen(
                [BINARY, "--config", str(self.directory / "server.toml")],
                stdout=self._log,
                stderr=subprocess.STDOUT,
                env=env,
            )

    def multiclient_settings(self) -> Dict[str, str]:
        """Our [accounts] multiclient/always_on from a test's ergo settings, which is how
        irctest asks for them: the test's ergo_config hook is applied to ergo's defaults
        for these keys (multiclient on, always-on opt-in) and read back."""
        ergo = {
            "accounts": {
                "multiclient": {
                    "enabled": True,
                    "allowed-by-default": True,
                    "always-on": "opt-in",
                }
            }
        }
        if self.test_config.ergo_config is not None:
            self.test_config.ergo_config(ergo)
        multi = ergo["accounts"]["multiclient"]
        enabled = bool(multi.get("enabled")) and bool(multi.get("allowed-by-default"))
        always_on = enabled and multi.get("always-on") in ("opt-out", "mandatory")
        return {
            "multiclient": "true" if enabled else "false",
            "always_on": "true" if always_on else "false",
        }

    def kill_proc(self) -> None:
        # glue: SIGTERM, then SIGKILL after 1s (graceful shutdown waits ~3s for
        # clients that irctest only closes after killing the server)
        assert self.proc
        self.proc.terminate()
        try:
            self.proc.wait(1)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def kill(self) -> None:
        super().kill()
        try:
            self._log.close()
        except Exception:
            pass

    def wait_for_services(self) -> None:
        # account services are built in
        pass

    def registerUser(
        self,
        case: BaseServerTestCase,
        username: str,
        password: Optional[str] = None,
    ) -> None:
        """Register via in-protocol draft/account-registration REGISTER
        (the account name is the nick)."""
        assert password
        client = case.addClient(show_io=True)
        case.sendLine(client, "CAP LS 302")
        case.sendLine(client, "NICK " + username)
        case.sendLine(client, "USER r e g :user")
        case.sendLine(client, "CAP END")
        while case.getRegistrationMessage(client).command != "001":
            pass
        case.getMessages(client)
        case.sendLine(client, f"REGISTER * * :{password}")
        msgs = case.getMessages(client)
        assert any(
            m.command == "REGISTER" and m.params[:1] == ["SUCCESS"] for m in msgs
        ), f"REGISTER of {username} failed: {msgs}"
        case.sendLine(client, "QUIT")
        case.assertDisconnected(client)


def get_irctest_controller_class() -> Type[TachikomaController]:
    return TachikomaController
