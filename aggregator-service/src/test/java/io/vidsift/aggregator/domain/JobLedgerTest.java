package io.vidsift.aggregator.domain;

import io.vidsift.aggregator.Events;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.JobCompleted;
import org.junit.jupiter.api.Test;

import static io.vidsift.aggregator.Events.analysis;
import static io.vidsift.aggregator.Events.download;
import static org.assertj.core.api.Assertions.assertThat;

class JobLedgerTest {

    private static final String JOB = "job-ledger";
    private final JobLedger ledger = new JobLedger();

    private JobSnapshot job() {
        return ledger.snapshot(JOB).orElseThrow();
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        ledger.apply(Events.cloudJob(JOB, "/out", 2, false));
        assertThat(ledger.apply(download(JOB, 0, DownloadStatus.DOWNLOADED, 10))).isTrue();
        assertThat(ledger.apply(download(JOB, 0, DownloadStatus.DOWNLOADED, 10))).isFalse();
        assertThat(ledger.apply(Events.cloudJob(JOB, "/elsewhere", 9, true))).isFalse();
        assertThat(job().chunks()).hasSize(1);
        assertThat(job().plan().chunks()).isEqualTo(2);
    }

    @Test
    void anAddressArrivingAfterTheDownloadDoesNotRegressIt() {
        ledger.apply(download(JOB, 0, DownloadStatus.DOWNLOADED, 20));
        ledger.apply(download(JOB, 0, DownloadStatus.ADDRESS_OK, 5));
        // Even a later-stamped address does not undo a terminal outcome.
        ledger.apply(download(JOB, 0, DownloadStatus.ADDRESS_OK, 50));
        assertThat(job().chunks()).singleElement().extracting(DownloadRecorded::status).isEqualTo(DownloadStatus.DOWNLOADED);
    }

    @Test
    void theLaterOfTwoOutcomesWinsWhateverTheArrivalOrder() {
        DownloadRecorded failed = download(JOB, 0, DownloadStatus.DOWNLOAD_FAILED, 10, 1, "HTTP 503", false);
        DownloadRecorded retried = download(JOB, 0, DownloadStatus.DOWNLOADED, 30, 2, null, false);
        ledger.apply(retried);
        ledger.apply(failed);
        JobLedger other = new JobLedger();
        other.apply(failed);
        other.apply(retried);
        assertThat(job().chunks()).containsExactly(retried);
        assertThat(other.snapshot(JOB).orElseThrow().chunks()).containsExactly(retried);
    }

    @Test
    void eventsBeforeThePlanAreKeptButTheJobIsNotListed() {
        ledger.apply(download(JOB, 0, DownloadStatus.DOWNLOADED, 10));
        assertThat(ledger.planned()).isEmpty();
        assertThat(job().complete()).isFalse();
        ledger.apply(Events.cloudJob(JOB, "/out", 1, false));
        assertThat(ledger.planned()).extracting(JobSnapshot::jobId).containsExactly(JOB);
        assertThat(job().chunks()).hasSize(1);
    }

    @Test
    void phasesFollowTheWork() {
        ledger.apply(Events.cloudJob(JOB, "/out", 2, false));
        assertThat(job().phase()).isEqualTo(JobPhase.PLANNED);
        assertThat(job().progress()).isZero();
        ledger.apply(download(JOB, 0, DownloadStatus.ADDRESS_OK, 1));
        assertThat(job().phase()).isEqualTo(JobPhase.DOWNLOADING);
        ledger.apply(download(JOB, 0, DownloadStatus.DOWNLOADED, 2));
        ledger.apply(download(JOB, 1, DownloadStatus.DOWNLOADED, 3));
        assertThat(job().phase()).isEqualTo(JobPhase.ANALYZING);
        // 2 chunks downloaded of 2, 0 of 2 videos analyzed.
        assertThat(job().progress()).isEqualTo(0.5);
        ledger.apply(analysis(JOB, 0, AnalysisStatus.ANALYZED, 4));
        assertThat(job().progress()).isEqualTo(0.75);
        assertThat(job().complete()).isFalse();
        ledger.apply(analysis(JOB, 1, AnalysisStatus.ANALYZED, 5));
        assertThat(job().phase()).isEqualTo(JobPhase.COMPLETED);
        assertThat(job().progress()).isEqualTo(1.0);
        assertThat(job().finishedAt()).isEqualTo(Events.at(5));
        assertThat(job().startedAt()).isEqualTo(Events.at(1));
    }

    @Test
    void failuresMakeCompletedWithFailures() {
        ledger.apply(Events.cloudJob(JOB, "/out", 3, false));
        ledger.apply(download(JOB, 0, DownloadStatus.ADDRESS_FAILED, 1, 3, "API code 10001", false));
        ledger.apply(download(JOB, 1, DownloadStatus.NO_RECORDING, 2));
        ledger.apply(download(JOB, 2, DownloadStatus.DOWNLOADED, 3));
        assertThat(job().phase()).isEqualTo(JobPhase.ANALYZING);
        ledger.apply(analysis(JOB, 2, AnalysisStatus.PROBE_FAILED, 4));
        assertThat(job().phase()).isEqualTo(JobPhase.COMPLETED_WITH_FAILURES);
        assertThat(job().failures()).isEqualTo(2);
        assertThat(job().counts()).containsEntry("address_failed", 1L).containsEntry("no_recording", 1L)
                .containsEntry("probe_failed", 1L).containsEntry("chunks_planned", 3L);
    }

    @Test
    void aDryRunCompletesAfterItsAddresses() {
        ledger.apply(Events.cloudJob(JOB, "/out", 2, true));
        ledger.apply(download(JOB, 0, DownloadStatus.ADDRESS_OK, 1, 0, null, true));
        assertThat(job().phase()).isEqualTo(JobPhase.DOWNLOADING);
        assertThat(job().progress()).isEqualTo(0.5);
        ledger.apply(download(JOB, 1, DownloadStatus.ADDRESS_OK, 2, 0, null, true));
        assertThat(job().phase()).isEqualTo(JobPhase.COMPLETED);
    }

    @Test
    void aLocalJobCompletesWhenEveryFileIsAnalyzed() {
        ledger.apply(Events.localJob(JOB, "/out", 2));
        assertThat(job().phase()).isEqualTo(JobPhase.PLANNED);
        ledger.apply(Events.localAnalysis(JOB, "in/a.mp4", AnalysisStatus.ANALYZED, 1));
        ledger.apply(Events.localAnalysis(JOB, "in/a.mp4", AnalysisStatus.ANALYZED, 1));
        assertThat(job().phase()).isEqualTo(JobPhase.ANALYZING);
        assertThat(job().progress()).isEqualTo(0.5);
        ledger.apply(Events.localAnalysis(JOB, "in/b.mp4", AnalysisStatus.ANALYZED, 2));
        assertThat(job().phase()).isEqualTo(JobPhase.COMPLETED);
    }

    @Test
    void anEmptyPlanIsCompleteAtOnce() {
        ledger.apply(Events.localJob(JOB, "/out", 0));
        assertThat(job().phase()).isEqualTo(JobPhase.COMPLETED);
    }

    @Test
    void anAnnouncementIsRepeatedOnlyWhenTheOutcomeChanges() {
        ledger.apply(Events.cloudJob(JOB, "/out", 1, false));
        ledger.apply(download(JOB, 0, DownloadStatus.DOWNLOAD_FAILED, 1, 3, "timeout", false));
        assertThat(job().needsAnnouncement()).isTrue();
        JobCompleted completed = job().completion("/out");
        assertThat(completed.state()).isEqualTo("completed_with_failures");
        ledger.apply(completed);
        assertThat(job().needsAnnouncement()).isFalse();
        // A later successful retry changes the outcome: announce again.
        ledger.apply(download(JOB, 0, DownloadStatus.DOWNLOADED, 9, 4, null, false));
        ledger.apply(analysis(JOB, 0, AnalysisStatus.ANALYZED, 10));
        assertThat(job().needsAnnouncement()).isTrue();
        assertThat(job().completion("/out").state()).isEqualTo("completed");
    }
}
